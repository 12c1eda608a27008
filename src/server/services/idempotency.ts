import type { Db } from '../db/client'
import { createHash } from 'node:crypto'
import { and, eq, isNotNull } from 'drizzle-orm'
import { idempotencyKeys } from '../db/schema'
import { HttpProblem } from '../problems'

export interface Answer<T> { status: number, body: T }

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value) ?? '').digest('hex')

/**
 * Runs a write at most once per (scope, key). The key is claimed inside the write's own transaction:
 * a concurrent duplicate waits on the unique index and then replays the stored answer; a write that
 * fails (a problem is thrown) rolls the claim back, so a retry is judged afresh. The same key with a
 * different request body is refused (409).
 */
export async function once<T>(db: Db, scope: string, key: string, request: unknown, write: (tx: Db) => Promise<Answer<T>>): Promise<Answer<T> & { replayed: boolean }> {
  const requestHash = hashOf(request)
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(idempotencyKeys).values({ scope, key, requestHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key })
    if (claimed.length === 0) {
      const [stored] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))).limit(1)
      if (!stored || stored.requestHash !== requestHash || stored.status === null)
        throw new HttpProblem('conflict', { detail: { zh: '该请求编号已用于另一份内容，请刷新页面后重新提交。', en: 'This request id was already used for something else. Please reload and submit again.' } })
      return { status: stored.status, body: stored.response as T, replayed: true }
    }
    const answer = await write(tx as unknown as Db)
    await tx.update(idempotencyKeys).set({ status: answer.status, response: answer.body as object }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    return { ...answer, replayed: false }
  })
}

/**
 * Has `once()` already answered this key in this scope? Then a request carrying them is a retry of that
 * very write, which `once()` replays (or refuses, if its body differs) without writing again.
 */
export async function isAnswered(db: Db, scope: string, key: string): Promise<boolean> {
  const [row] = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNotNull(idempotencyKeys.status))).limit(1)
  return row !== undefined
}
