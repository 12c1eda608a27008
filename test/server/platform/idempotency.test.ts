import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { meta } from '../../../src/server/db/schema'
import { HttpProblem } from '../../../src/server/problems'
import { purgeIdempotencyKeys } from '../../../src/server/repositories/maintenance'
import { once } from '../../../src/server/services/idempotency'
import { buildTestApp } from '../../support/app'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe('once (idempotency keys)', () => {
  it('writes once and replays the stored answer for the same key', async () => {
    let writes = 0
    const write = async () => ({ status: 201, body: { n: ++writes } })
    const first = await once(app.db, 'test:a', 'key-aaaaaaaaaaaaaaaa', { x: 1 }, write)
    const again = await once(app.db, 'test:a', 'key-aaaaaaaaaaaaaaaa', { x: 1 }, write)
    expect(first).toEqual({ status: 201, body: { n: 1 }, replayed: false })
    expect(again).toEqual({ status: 201, body: { n: 1 }, replayed: true })
    expect(writes).toBe(1)
  })

  it('refuses the same key with a different request', async () => {
    await once(app.db, 'test:b', 'key-bbbbbbbbbbbbbbbb', { x: 1 }, async () => ({ status: 201, body: {} }))
    await expect(once(app.db, 'test:b', 'key-bbbbbbbbbbbbbbbb', { x: 2 }, async () => ({ status: 201, body: {} })))
      .rejects
      .toMatchObject({ code: 'conflict' })
  })

  it('keeps nothing when the write fails, so a retry is judged again', async () => {
    await expect(once(app.db, 'test:c', 'key-cccccccccccccccc', {}, async (tx) => {
      await tx.insert(meta).values({ key: 'written-before-failure', value: 1 })
      throw new HttpProblem('conflict')
    })).rejects.toBeInstanceOf(HttpProblem)
    const rows = await app.db.select().from(meta)
    expect(rows.map(r => r.key)).not.toContain('written-before-failure')
    const retry = await once(app.db, 'test:c', 'key-cccccccccccccccc', {}, async () => ({ status: 201, body: { ok: true } }))
    expect(retry.replayed).toBe(false)
  })

  it('forgets stored answers after their time, so tokens in them do not linger', async () => {
    await once(app.db, 'test:e', 'key-eeeeeeeeeeeeeeee', {}, async () => ({ status: 201, body: { token: 'secret' } }))
    expect(await purgeIdempotencyKeys(app.db, new Date(Date.now() - 3_600_000))).toBe(0)
    expect(await purgeIdempotencyKeys(app.db, new Date(Date.now() + 1000))).toBeGreaterThan(0)
    const again = await once(app.db, 'test:e', 'key-eeeeeeeeeeeeeeee', {}, async () => ({ status: 201, body: { token: 'new' } }))
    expect(again.replayed).toBe(false)
  })

  it('writes once when twenty copies of a request arrive together', async () => {
    let writes = 0
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      once(app.db, 'test:d', 'key-dddddddddddddddd', { x: 1 }, async (tx) => {
        writes++
        await tx.insert(meta).values({ key: `concurrent-${writes}`, value: writes })
        return { status: 201, body: { n: writes } }
      })))
    expect(writes).toBe(1)
    expect(new Set(answers.map(a => a.body.n))).toEqual(new Set([1]))
    expect(answers.filter(a => !a.replayed)).toHaveLength(1)
  })
})
