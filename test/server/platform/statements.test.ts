import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { executePrepared } from '../../../src/server/db/client'
import { documents } from '../../../src/server/db/schema'
import { buildTestApp } from '../../support/app'
import { countStatements } from '../../support/statements'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

// test/support/statements.ts, which the query-count tests of the lists rely on
describe('countStatements', () => {
  it('counts every way a statement reaches the database: a builder, execute, a prepared statement, a transaction\'s', async () => {
    expect(await countStatements(app, async () => app.db.select({ id: documents.id }).from(documents).limit(1))).toBe(1)
    expect(await countStatements(app, async () => app.db.execute(sql`select 1`))).toBe(1)
    expect(await countStatements(app, async () => executePrepared(app.db, 'count-test', sql`select ${1}::int as n`))).toBeGreaterThanOrEqual(1)
    const inTransaction = await countStatements(app, () => app.db.transaction(async (tx) => {
      await tx.select({ id: documents.id }).from(documents).limit(1)
      await tx.execute(sql`select 2`)
    }))
    // the two, and the transaction's own begin (and, on PostgreSQL, commit)
    expect(inTransaction).toBeGreaterThanOrEqual(3)
    expect(await countStatements(app, async () => {})).toBe(0)
  })
})
