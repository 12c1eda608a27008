import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../src/server/db/client'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { executePrepared } from '../../../src/server/db/client'
import { meta } from '../../../src/server/db/schema'
import { buildTestApp } from '../../support/app'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

async function preparedNamed(tx: Db, prefix: string) {
  const result = await tx.execute(sql`select name, statement from pg_prepared_statements where name like ${`${prefix}-%`} order by name`) as unknown as { rows: Array<{ name: string, statement: string }> }
  return result.rows
}

describe('executePrepared', () => {
  it('answers as db.execute does, inside the caller\'s transaction', async () => {
    await expect(app.db.transaction(async (t) => {
      const tx = t as unknown as Db
      await tx.insert(meta).values({ key: 'prepared-probe', value: 7 })
      const seen = await executePrepared<{ value: number }>(tx, 'probe-tx', sql`select value from ${meta} where key = ${'prepared-probe'}`)
      expect(seen.rows).toEqual([{ value: 7 }])
      throw new Error('roll back')
    })).rejects.toThrow('roll back')
    const after = await executePrepared<{ value: number }>(app.db, 'probe-tx', sql`select value from ${meta} where key = ${'prepared-probe'}`)
    expect(after.rows).toEqual([])
  })

  it('names each distinct text once (the same name every time it runs), and on PostgreSQL prepares it once per connection', async () => {
    const postgres = app.config.database.kind === 'postgres'
    await app.db.transaction(async (t) => {
      const tx = t as unknown as Db
      const txSession = (tx as unknown as { session: { prepareQuery: (...args: unknown[]) => unknown } }).session
      const prepare = vi.spyOn(txSession, 'prepareQuery')
      for (const n of [1, 2, 3])
        expect((await executePrepared<{ n: number }>(tx, 'probe-name', sql`select ${n}::int as n`)).rows).toEqual([{ n }])
      expect((await executePrepared<{ n: number }>(tx, 'probe-name', sql`select ${4}::int + 1 as n`)).rows).toEqual([{ n: 5 }])
      const names = prepare.mock.calls.map(call => call[2] as string)
      prepare.mockRestore()
      expect(names).toHaveLength(4)
      expect(names[0]).toMatch(/^probe-name-\d+$/)
      expect(new Set(names.slice(0, 3)).size).toBe(1)
      expect(names[3]).toMatch(/^probe-name-\d+$/)
      expect(names[3]).not.toBe(names[0])
      // what the connection holds: PGlite's driver ignores names
      const named = await preparedNamed(tx, 'probe-name')
      expect(named.map(s => s.name).sort()).toEqual(postgres ? [names[0], names[3]].sort() : [])
    })
  })
})
