import type { FastifyInstance, RouteOptions } from 'fastify'
import type { AppConfig, DatabaseConfig } from '../../src/server/config'
import type { StaffRow } from '../../src/server/repositories/staff'
import type { StaffRole } from '../../src/shared/constants'
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import Fastify from 'fastify'
import { TOTP } from 'otpauth'
import pg from 'pg'
import { expect, inject } from 'vitest'
import app, { fastifyOptions } from '../../src/server/app'
import { sqlLiteral } from '../../src/server/db/client'
import { createStaff, findStaffByEmail } from '../../src/server/repositories/staff'
import { decrypt, eventSecrets } from '../../src/server/services/event-secrets'
import { hashPassword } from '../../src/server/services/passwords'

export const TEST_ORIGIN = 'http://localhost:80'

/** A fresh database cloned from the run's migrated template: PGlite in memory, or a new PostgreSQL database. */
async function cloneDatabase(): Promise<{ database: DatabaseConfig, drop: () => Promise<void> }> {
  const template = inject('dbTemplate')
  if (template.kind === 'pglite') {
    const loadDataDir = new Blob([readFileSync(template.dumpPath)])
    return { database: { kind: 'pglite', loadDataDir }, drop: async () => {} }
  }
  const name = `gongkai_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: template.adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.template}`)
  await admin.end()
  const url = new URL(template.adminUrl)
  url.pathname = `/${name}`
  return {
    database: { kind: 'postgres', location: url.toString(), poolSize: 4 },
    drop: async () => {
      const client = new pg.Client({ connectionString: template.adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

export function testConfig(database: DatabaseConfig, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    production: false,
    database,
    trustProxy: false,
    bodyLimit: 262_144,
    rateLimit: { enabled: false, max: 600, loginMax: 10 },
    session: { idleMinutes: 30, maxHours: 12 },
    ...overrides,
  }
}

/**
 * Builds the real app on a cloned database, exactly as server.ts does, without listening. `logStream`
 * receives the JSON log lines (at `info`), for tests of what is logged; `onRoute` sees every route as it
 * is added (the authorisation matrix walks them all).
 */
export async function buildTestApp(overrides: Partial<AppConfig> = {}, opts: { logStream?: { write: (line: string) => void }, onRoute?: (route: RouteOptions) => void } = {}): Promise<FastifyInstance> {
  const { database, drop } = await cloneDatabase()
  const config = testConfig(database, overrides)
  const options = fastifyOptions(config, opts.logStream ? 'info' : process.env.TEST_LOG_LEVEL ?? 'silent')
  const server = Fastify(opts.logStream ? { ...options, logger: { ...options.logger, stream: opts.logStream } } : options)
  // onClose hooks run last-added first: added before the app, the drop runs after the pool has closed
  server.addHook('onClose', drop)
  if (opts.onRoute)
    server.addHook('onRoute', opts.onRoute)
  try {
    await server.register(app, { config })
    await server.ready()
  }
  catch (error) {
    // an app that cannot be built (a test of that) leaves no database or pool behind
    await server.close().catch(() => drop())
    throw error
  }
  return server
}

/** Headers a same-origin browser would send with a JSON write. */
export const jsonWrite = { 'content-type': 'application/json', 'origin': TEST_ORIGIN } as const

/** The cookie a response sets, as a `cookie` request header value. */
export function cookieOf(res: { headers: Record<string, unknown> }): string {
  return String(res.headers['set-cookie']).split(';')[0]!
}

/** The code an authenticator app shows for a secret at a moment (RFC 6238, SHA-1, 6 digits, 30 s). */
export function authenticatorCode(secret: string, at: Date): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() })
}

/**
 * Signs a staff member in through both steps, as the console does, and returns the session cookie. The
 * first sign-in enrols an authenticator (as a new staff member does); later ones read the stored secret
 * and use a code for a step not used yet, within the one step either side the server accepts. `headers`
 * go with every step (a device's User-Agent).
 */
export async function signInStaff(server: FastifyInstance, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const login = await server.inject({ method: 'POST', url: '/api/auth/login', headers: { ...jsonWrite, ...headers }, payload: { email, password } })
  if (login.statusCode !== 200)
    throw new Error(`sign-in failed for ${email}: ${login.statusCode} ${login.body}`)
  const half = { ...jsonWrite, ...headers, cookie: cookieOf(login) }
  const now = server.now()
  if (login.json().next === 'enrol') {
    const { secret } = (await server.inject({ method: 'POST', url: '/api/auth/enrolment', headers: half, payload: {} })).json()
    const done = await server.inject({ method: 'POST', url: '/api/auth/enrolment/confirm', headers: half, payload: { code: authenticatorCode(secret, now) } })
    if (done.statusCode !== 200)
      throw new Error(`enrolment failed for ${email}: ${done.statusCode} ${done.body}`)
    return cookieOf(done)
  }
  const member = (await findStaffByEmail(server.db, email))!
  const secret = decrypt(await eventSecrets(server.db), member.totpSecret!).toString('utf8')
  const current = Math.floor(now.getTime() / 30_000)
  const step = Math.max(current - 1, (member.totpLastStep ?? -Infinity) + 1)
  if (step > current + 1)
    throw new Error(`${email} signed in more than three times within one 30-second step; advance the clock`)
  const done = await server.inject({ method: 'POST', url: '/api/auth/second-factor', headers: half, payload: { code: authenticatorCode(secret, new Date(step * 30_000)) } })
  if (done.statusCode !== 200)
    throw new Error(`second factor failed for ${email}: ${done.statusCode} ${done.body}`)
  return cookieOf(done)
}

const hashes = new Map<string, Promise<string>>()
/** argon2id at the server's cost takes a while: one hash per password for the whole test file. */
const hashOnce = (password: string) => hashes.get(password) ?? hashes.set(password, hashPassword(password)).get(password)!

/** A new staff member with this role (not signed in). The email is made unique unless given; the password is a fixed long one unless given. */
export async function newStaffMember(server: FastifyInstance, role: StaffRole, opts: { email?: string, password?: string, displayName?: string } = {}): Promise<{ staff: StaffRow, email: string, password: string }> {
  const email = opts.email ?? `${role}-${randomUUID().slice(0, 8)}@district.gov.cn`
  const password = opts.password ?? 'correct horse battery staple'
  const staff = await createStaff(server.db, { email, displayName: opts.displayName ?? role, role, passwordHash: await hashOnce(password) })
  return { staff, email, password }
}

/** A new staff member with this role (newStaffMember), signed in through both steps: the session cookie with the rest. */
export async function newStaffSession(server: FastifyInstance, role: StaffRole, opts: { email?: string, password?: string, displayName?: string } = {}): Promise<{ cookie: string, staff: StaffRow, email: string, password: string }> {
  const member = await newStaffMember(server, role, opts)
  return { cookie: await signInStaff(server, member.email, member.password), ...member }
}

/**
 * Makes the database refuse the audit rows of these actions (a trigger that raises), to show that what an
 * action changes is undone with its record when the record cannot be written. Answers what lifts the refusal.
 */
export async function refuseAuditOf(server: FastifyInstance, actions: string[]): Promise<() => Promise<void>> {
  const literals = actions.map(sqlLiteral).join(', ')
  await server.db.execute(sql`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.action = ANY (TG_ARGV) THEN RAISE EXCEPTION 'audit row refused by the test'; END IF;
      RETURN NEW;
    END $$`)
  await server.db.execute(sql.raw(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit(${literals})`))
  return async () => {
    await server.db.execute(sql`DROP TRIGGER test_refuse_audit ON audit_log`)
  }
}

/**
 * Sends a staff request while the audit rows of `action` are refused (`refuseAuditOf`), and expects it to fail
 * (500); the refusal is lifted before this returns, for the caller to read back what did not change.
 */
export async function failsWithoutAudit(server: FastifyInstance, action: string, send: () => Promise<{ statusCode: number, body: string }>): Promise<void> {
  const allow = await refuseAuditOf(server, [action])
  const res = await send().finally(allow)
  expect(res.statusCode, `${action} with its audit row refused: ${res.body}`).toBe(500)
}

/**
 * Writes down, with a test-only trigger, every row `action` writes to `table` (`column`'s value), even one a
 * rollback undoes later: `count(value)` says how many, `stop()` drops the trigger.
 */
export async function watchWrites(server: FastifyInstance, table: string, action: 'insert' | 'update', column: string) {
  const log = `watched_${table}_${action}`
  await server.db.execute(sql.raw(`create table if not exists ${log} (value text)`))
  await server.db.execute(sql.raw(`create or replace function ${log}() returns trigger language plpgsql as $$ begin insert into ${log} values (new.${column}::text); return new; end $$`))
  await server.db.execute(sql.raw(`create or replace trigger ${log} after ${action} on ${table} for each row execute function ${log}()`))
  return {
    count: async (value: string | number) => Number(((await server.db.execute(sql`select count(*)::int as n from ${sql.raw(log)} where value = ${String(value)}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n),
    stop: () => server.db.execute(sql.raw(`drop trigger if exists ${log} on ${table}`)),
  }
}
