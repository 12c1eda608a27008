import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { DatabaseConfig } from '../config'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite, types } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzleLite } from 'drizzle-orm/pglite'
import { migrate as migrateLite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema'

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

/** The planner's cost of a random page read, on both databases: see openDatabase. */
const RANDOM_PAGE_COST = 1.1

/** The query layer both databases share: repositories take this and never know which one it is. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Database {
  db: Db
  kind: DatabaseConfig['kind']
  close: () => Promise<void>
}

/** Opens PGlite (embedded, the default) or a PostgreSQL pool, and applies pending migrations. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    if (!config.location)
      throw new Error('DATABASE_URL is required for PostgreSQL')
    // UTC sessions on both databases, so dates and times read the same whichever one runs. random_page_cost
    // 1.1 (the usual value for SSDs and cached data; PostgreSQL's 4 models spinning disks): at 4 the planner
    // reads every document's out-of-line search vector (seq scan) rather than the GIN index for a common word,
    // 10× slower (docs/decisions.md, "Search at 10,000+ documents").
    const pool = new pg.Pool({ connectionString: config.location, max: config.poolSize ?? 10, options: `-c TimeZone=UTC -c random_page_cost=${RANDOM_PAGE_COST}` })
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on('error', error => console.error(`PostgreSQL connection error: ${error.message}`))
    const db = drizzlePg(pool, { schema }) as unknown as Db
    await migratePg(db as Parameters<typeof migratePg>[0], { migrationsFolder })
    return { db, kind: 'postgres', close: () => pool.end() }
  }
  if (config.location)
    mkdirSync(config.location, { recursive: true })
  const client = await PGlite.create({
    dataDir: config.location,
    loadDataDir: config.loadDataDir,
    extensions: { pg_trgm },
  })
  await client.exec(`set random_page_cost = ${RANDOM_PAGE_COST}`)
  const db = drizzleLite(client, { schema }) as unknown as Db
  await migrateLite(db as Parameters<typeof migrateLite>[0], { migrationsFolder })
  return { db, kind: 'pglite', close: () => client.close() }
}

/** How many migrations have been applied: reported by /api/health. */
export async function migrationLevel(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`) as unknown as { rows: Array<{ n: number }> }
  return Number(result.rows[0]?.n ?? 0)
}

/** What `executePrepared` uses of drizzle: the session and dialect every drizzle database and transaction has. */
interface DrizzleInternals {
  dialect: { sqlToQuery: (query: SQL) => { sql: string, params: unknown[] } }
  session: {
    prepareQuery: (query: { sql: string, params: unknown[] }, fields: undefined, name: string | undefined, arrayMode: false) => { execute: () => Promise<unknown> }
    /** PGlite itself, or one of its transactions; a pg pool or client */
    client: unknown
  }
}

const MAX_NAMED_STATEMENTS = 100
const statementNames = new Map<string, string>()
/** The statements prepared (SQL `PREPARE`) on each PGlite database, by name: done, or being done. */
const preparedOnPglite = new WeakMap<PGlite, Map<string, Promise<void>>>()

/**
 * `db.execute` for a statement run on every request of a rush, parsed and planned once instead of on every call.
 * On PostgreSQL a named prepared statement, once per connection: for the sign-up's statement that took the
 * database's CPU per sign-up from 1.1 to 0.45 ms (docs/decisions.md, "The sign-up rush"). Each distinct text
 * gets its own name (`name` and a number), so variants of one statement never share one; past
 * MAX_NAMED_STATEMENTS texts, statements run unnamed. On a transaction it runs on the transaction's connection.
 * PGlite's driver has no named statements, so on PGlite (one session) the statement is prepared with SQL
 * `PREPARE` the first time and run with `EXECUTE`, its parameters written as literals (`sqlLiteral`); in a
 * PGlite transaction, which does not say which database it belongs to, it runs as a plain query.
 */
export function executePrepared<T>(db: Db, name: string, query: SQL): Promise<{ rows: T[] }> {
  const { dialect, session } = db as unknown as DrizzleInternals
  const built = dialect.sqlToQuery(query)
  let named = statementNames.get(built.sql)
  if (!named && statementNames.size < MAX_NAMED_STATEMENTS)
    statementNames.set(built.sql, named = `${name}-${statementNames.size + 1}`)
  if (named && session.client instanceof PGlite)
    return executeOnPglite<T>(session.client, named.replaceAll('-', '_'), built)
  return session.prepareQuery(built, undefined, named, false).execute() as Promise<{ rows: T[] }>
}

/** Rows as drizzle's PGlite driver reads them for `db.execute`: dates, times and intervals as PostgreSQL writes them. */
const asText = (value: string) => value
const RAW_AS_DRIZZLE = {
  rowMode: 'object' as const,
  // and their arrays: numeric[] 1231, timestamp[] 1115, timestamptz[] 1185, interval[] 1187, date[] 1182
  parsers: Object.fromEntries([types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map(t => [t, asText])),
}

async function executeOnPglite<T>(client: PGlite, name: string, built: { sql: string, params: unknown[] }): Promise<{ rows: T[] }> {
  let prepared = preparedOnPglite.get(client)
  if (!prepared)
    preparedOnPglite.set(client, prepared = new Map())
  let ready = prepared.get(name)
  if (!ready) {
    // kept at once, so calls made meanwhile wait for this PREPARE rather than run their own; forgotten if it fails
    prepared.set(name, ready = client.exec(`prepare ${name} as ${built.sql}`).then(() => {}))
    ready.catch(() => prepared.delete(name))
  }
  await ready
  const args = built.params.length ? `(${built.params.map(sqlLiteral).join(', ')})` : ''
  return client.query<T>(`execute ${name}${args}`, [], RAW_AS_DRIZZLE)
}

/**
 * A parameter as an SQL literal, for `EXECUTE` (which takes no protocol parameters): always a quoted string, as
 * the extended protocol sends every parameter as text, so the parameter's type reads it with its own input
 * function (`'12.5'` into an integer is refused, not rounded); `'` doubled is all a literal needs with
 * `standard_conforming_strings` on, as it is by default since PostgreSQL 9.1 and in PGlite. Only the values
 * this app passes are taken: text, numbers, booleans, dates and null; anything else (an array, a buffer, an
 * object) is refused rather than guessed at.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined)
    return 'null'
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError(`not a finite number: ${value}`)
  let text: string
  if (typeof value === 'string')
    text = value
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    text = String(value)
  else if (value instanceof Date)
    text = value.toISOString()
  else
    throw new TypeError(`no SQL literal for ${Object.prototype.toString.call(value)}`)
  return `'${text.replaceAll('\'', '\'\'')}'`
}
