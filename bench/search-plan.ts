// The query plan of a library search on PostgreSQL, over the bench's generated documents: is the GIN index
// used, and where does the time go? Not part of `npm run bench`; run it when changing document-search.ts.
//
//   npx tsx bench/search-plan.ts postgres://postgres@127.0.0.1:55432/gongkai [documents=10000] [query=政务公开]
//
// Adds generated documents (bench/lib/search.ts) until the database holds `documents` of them, then prints
// EXPLAIN (ANALYZE, BUFFERS) of every statement searchDocuments() sends, and whether the match read the index.
import type { SQL } from 'drizzle-orm'
import type { Db } from '../src/server/db/client'
import type { DocumentListQuery } from '../src/shared/schemas/documents'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { openDatabase } from '../src/server/db/client'
import { searchDocuments } from '../src/server/repositories/document-search'
import { addDocuments, makeGenerator } from './lib/search'

async function main() {
  const [url, size = '10000', q = '政务公开'] = process.argv.slice(2)
  if (!url?.startsWith('postgres')) {
    console.error('usage: npx tsx bench/search-plan.ts <postgres url> [documents] [query]')
    process.exit(2)
  }
  const database = await openDatabase({ kind: 'postgres', location: url, poolSize: 1 })
  try {
    const db = database.db
    const count = async () => Number((await db.execute(sql`select count(*)::int as n from documents where slug like 'bench-%'`) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n)
    const have = await count()
    if (have < Number(size))
      await addDocuments(db, 'postgres', makeGenerator(), have, Number(size))
    const query = { q, limit: 20 } as DocumentListQuery
    await searchDocuments(db, query)
    // every query it sends, on the pool or in its transaction (not `set local`, `commit`…)
    const dialect = new PgDialect()
    const explained = (on: Db) => {
      const execute = on.execute.bind(on)
      ;(on as { execute: typeof execute }).execute = (async (statement: Parameters<typeof execute>[0]) => {
        if (!/^\s*(?:with|select)\b/i.test(dialect.sqlToQuery(statement as SQL).sql))
          return execute(statement)
        const plan = (await execute(sql`explain (analyze, buffers) ${statement}`) as unknown as { rows: Array<{ 'QUERY PLAN': string }> }).rows.map(r => r['QUERY PLAN'])
        console.log(plan.join('\n'))
        console.log(`\nthe match ${plan.some(line => line.includes('Bitmap Index Scan on documents_search_idx')) ? 'reads the GIN index documents_search_idx' : 'does NOT read the GIN index'}\n`)
        return execute(statement)
      }) as typeof execute
      return () => {
        ;(on as { execute: typeof execute }).execute = execute
      }
    }
    const restoreExecute = explained(db)
    const transaction = db.transaction.bind(db)
    ;(db as { transaction: typeof transaction }).transaction = (run, config) => transaction((tx) => {
      explained(tx)
      return run(tx)
    }, config)
    const started = performance.now()
    const result = await searchDocuments(db, query)
    restoreExecute()
    ;(db as { transaction: typeof transaction }).transaction = transaction
    console.log(`${await count()} generated documents; "${q}": ${result.total} matches (with EXPLAIN: ${(performance.now() - started).toFixed(0)} ms)`)
  }
  finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
