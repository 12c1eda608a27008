import type { FastifyInstance } from 'fastify'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

interface Session { session: { client: unknown } }
type Query = (...args: unknown[]) => Promise<unknown>

/**
 * How many statements `work` sends to the database, counted where the driver sends them: every drizzle
 * builder (`db.select()`…), `db.execute`, a prepared statement and each statement of a transaction (its
 * `begin` and `commit` too), on PGlite and PostgreSQL alike. Counts everything sent meanwhile: run nothing
 * else on the app at the same time.
 */
export async function countStatements(app: FastifyInstance, work: () => Promise<unknown>): Promise<number> {
  let n = 0
  const restores: Array<() => void> = []
  const counted = <T extends object>(target: T, method: string) => {
    const original = (target as Record<string, Query>)[method]!
    ;(target as Record<string, Query>)[method] = function (this: unknown, ...args: unknown[]) {
      n++
      return original.apply(this, args)
    }
    restores.push(() => {
      (target as Record<string, Query>)[method] = original
    })
  }
  const client = (app.db as unknown as Session).session.client
  if (client instanceof PGlite) {
    counted(client, 'query')
    counted(client, 'exec')
    // a transaction's statements go through its own object
    const transaction = client.transaction.bind(client)
    ;(client as { transaction: unknown }).transaction = (run: (tx: object) => Promise<unknown>) => transaction((tx) => {
      counted(tx, 'query')
      counted(tx, 'exec')
      n++ // its begin; its commit or rollback is sent by PGlite itself
      return run(tx)
    })
    restores.push(() => {
      (client as { transaction: unknown }).transaction = transaction
    })
  }
  else if (client instanceof pg.Pool) {
    // every statement, the pool's own `query` included, goes through a checked-out client's `query`
    const patched = new Set<pg.PoolClient>()
    const onAcquire = (c: pg.PoolClient) => {
      if (!patched.has(c)) {
        patched.add(c)
        counted(c, 'query')
      }
    }
    client.on('acquire', onAcquire)
    restores.push(() => client.off('acquire', onAcquire))
  }
  else {
    throw new TypeError('countStatements: neither PGlite nor a pg pool')
  }
  try {
    await work()
    return n
  }
  finally {
    for (const restore of restores.reverse())
      restore()
  }
}
