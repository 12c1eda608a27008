import type { Db } from '../db/client'
import { createHash } from 'node:crypto'
import { and, eq, isNotNull } from 'drizzle-orm'
import { idempotencyKeys } from '../db/schema'
import { HttpProblem } from '../problems'

export interface Answer<T> { status: number, body: T }

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value) ?? '').digest('hex')

const KEY_REUSED = { zh: '该请求编号已用于另一份内容，请刷新页面后重新提交。', en: 'This request id was already used for something else. Please reload and submit again.' }

/** The answer stored for (scope, key), to replay; 409 when the key came with a different request. */
async function storedAnswer<T>(db: Db, scope: string, key: string, requestHash: string): Promise<Answer<T> | undefined> {
  const [stored] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))).limit(1)
  if (!stored)
    return undefined
  if (stored.requestHash !== requestHash || stored.status === null)
    throw new HttpProblem('conflict', { detail: KEY_REUSED })
  return { status: stored.status, body: stored.response as T }
}

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
      const stored = await storedAnswer<T>(tx as unknown as Db, scope, key, requestHash)
      if (!stored)
        throw new HttpProblem('conflict', { detail: KEY_REUSED })
      return { ...stored, replayed: true }
    }
    const answer = await write(tx as unknown as Db)
    await tx.update(idempotencyKeys).set({ status: answer.status, response: answer.body as object }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    return { ...answer, replayed: false }
  })
}

/** An idempotency key's claim, as a single-statement write stores it: the key, its request and its answer. */
export interface Claim { scope: string, key: string, requestHash: string, status: number, response: unknown }

/**
 * `once()` for a write that is a single statement with no transaction around it, for a row every writer
 * contends for (an event's places): the row's lock is then held for that one statement, as a plain UPDATE's is,
 * and never across a round trip to this process, whose event loop may be busy. The answer must be known
 * before the statement runs: `prepare` makes it, the `write` and the `refusal`.
 *
 * `write` gets the claim and stores it in its statement (`INSERT … ON CONFLICT DO NOTHING`), only when the
 * write's own condition holds (the sign-up is open), making every other change depend on it; it returns
 * undefined when it took no claim. Then either the key was taken by an earlier or concurrent request (which has
 * committed by then: the insert waited for it), whose answer is replayed, so a retry after sign-up closes still
 * gets its answer; or, with no answer stored, the condition did not hold and `refusal()` says why, with nothing
 * written. The key is never looked up first, which would cost every first request a round trip.
 */
export async function onceInOneStatement<T, R>(db: Db, scope: string, key: string, request: unknown, prepare: () => Promise<{
  answer: Answer<T>
  write: (claim: Claim) => Promise<R | undefined>
  refusal: () => Promise<Error>
}>): Promise<Answer<T> & { replayed: boolean, written?: R }> {
  const requestHash = hashOf(request)
  const { answer, write, refusal } = await prepare()
  const written = await write({ scope, key, requestHash, status: answer.status, response: answer.body })
  if (written !== undefined)
    return { ...answer, replayed: false, written }
  const earlier = await storedAnswer<T>(db, scope, key, requestHash)
  if (!earlier)
    throw await refusal()
  return { ...earlier, replayed: true }
}

/**
 * Has `once()` already answered this key in this scope? Then a request carrying them is a retry of that
 * very write, which `once()` replays (or refuses, if its body differs) without writing again.
 */
export async function isAnswered(db: Db, scope: string, key: string): Promise<boolean> {
  const [row] = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNotNull(idempotencyKeys.status))).limit(1)
  return row !== undefined
}
