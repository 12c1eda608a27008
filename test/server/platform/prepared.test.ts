import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../src/server/db/client'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { executePrepared, sqlLiteral } from '../../../src/server/db/client'
import { documents, meta } from '../../../src/server/db/schema'
import { buildTestApp } from '../../support/app'
import { countStatements } from '../../support/statements'

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
      // what the connection holds: in a PGlite transaction the statement runs as a plain query
      const named = await preparedNamed(tx, 'probe-name')
      expect(named.map(s => s.name).sort()).toEqual(postgres ? [names[0], names[3]].sort() : [])
    })
  })

  it('sends any parameter back as it came: quotes, backslashes, SQL, nulls, numbers, dates and JSON', async () => {
    const texts = ['it\'s', '\'); drop table meta; --', 'a\\b\\\'c', '$1 $$ $tag$', '第一行\n第二行\t', '😀', '']
    for (const text of texts) {
      const { rows } = await executePrepared<{ text: string, length: number }>(app.db, 'probe-literal', sql`select ${text}::text as text, char_length(${text}::text) as length`)
      expect(rows).toEqual([{ text, length: [...text].length }])
    }
    const { rows } = await executePrepared<Record<string, unknown>>(app.db, 'probe-kinds', sql`select ${null}::int as nothing, ${-12.5}::float8 as number, ${true}::boolean as yes,
      ${new Date('2026-08-01T02:00:00Z')}::timestamptz as at, (${JSON.stringify({ name: '张\'三' })}::jsonb)->>'name' as name`)
    expect(rows).toEqual([{ nothing: null, number: -12.5, yes: true, at: '2026-08-01 02:00:00+00', name: '张\'三' }])
    // and the table a parameter named is still there
    await expect(app.db.$count(meta)).resolves.toBeTypeOf('number')
  })

  it.runIf(inject('dbTemplate').kind === 'pglite')('prepares a statement once on PGlite, with SQL PREPARE, and reads rows as db.execute does', async () => {
    const query = (n: number) => sql`select ${n}::int as n, now() as at, interval '1 day' as span`
    // the first calls come at once, as a rush's do
    const first = await Promise.all([1, 2, 3].map(n => executePrepared<{ n: number }>(app.db, 'probe-lite', query(n))))
    expect(first.map(r => r.rows[0]!.n)).toEqual([1, 2, 3])
    const prepared = await app.db.execute(sql`select name from pg_prepared_statements`) as unknown as { rows: Array<{ name: string }> }
    expect(prepared.rows.filter(r => /^probe_lite_\d+$/.test(r.name))).toHaveLength(1)
    const direct = await app.db.execute(query(1)) as unknown as { rows: Array<Record<string, unknown>> }
    const viaPrepared = await executePrepared<Record<string, unknown>>(app.db, 'probe-lite', query(1))
    expect(Object.fromEntries(Object.entries(viaPrepared.rows[0]!).map(([k, v]) => [k, typeof v]))).toEqual(Object.fromEntries(Object.entries(direct.rows[0]!).map(([k, v]) => [k, typeof v])))
    expect(viaPrepared.rows[0]!.span).toBe('1 day')
  })

  it('writes every parameter as a quoted string, and refuses what it cannot write', () => {
    expect(sqlLiteral('O\'Brien')).toBe('\'O\'\'Brien\'')
    expect(sqlLiteral(12.5)).toBe('\'12.5\'')
    expect(sqlLiteral(true)).toBe('\'true\'')
    expect(sqlLiteral(null)).toBe('null')
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, [1, 2], Buffer.from('x'), { a: 1 }])
      expect(() => sqlLiteral(value)).toThrow(TypeError)
  })

  it.runIf(inject('dbTemplate').kind === 'pglite')('refuses on PGlite what the parameter\'s type refuses over the protocol', async () => {
    // drizzle's db.execute wraps the database's error; its cause is the same
    const reason = (query: Promise<unknown>) => query.then(() => 'answered', (error: Error & { cause?: Error }) => (error.cause ?? error).message)
    expect(await reason(executePrepared(app.db, 'probe-int', sql`select ${12.5}::int as n`))).toMatch(/invalid input syntax for type integer/)
    expect(await reason(app.db.execute(sql`select ${12.5}::int as n`))).toMatch(/invalid input syntax for type integer/)
  })
})

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
