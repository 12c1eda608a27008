import type { SessionBrowser, SessionSystem, StaffRole } from '../../../shared/constants'
import { sql } from 'drizzle-orm'
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns'

/** Small key/value facts about this database (demo content loaded, and the like). */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
})

export const staff = pgTable('staff', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<StaffRole>().notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  disabledAt: timestamptz('disabled_at'),
  /** TOTP (RFC 6238) secret in base32 once enrolled; never sent back after enrolment */
  totpSecret: text('totp_secret'),
  totpEnrolledAt: timestamptz('totp_enrolled_at'),
  /** the last 30-second step a code was accepted for: each code works once */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  /** a secret offered during enrolment, until a code from it confirms it */
  totpPendingSecret: text('totp_pending_secret'),
  /** set when the password was made by someone else (an admin's reset, the generated first admin's): the next sign-in must change it */
  passwordMustChangeAt: timestamptz('password_must_change_at'),
  /** a temporary password (an admin's, or the generated first admin's) stops opening the account at this time; null: the owner chose it, or it was given in GONGKAI_ADMIN_PASSWORD */
  temporaryPasswordExpiresAt: timestamptz('temporary_password_expires_at'),
}, t => [uniqueIndex('staff_email_key').on(sql`lower(${t.email})`)])

/** One-time recovery codes for the second factor (60 random bits each), stored as argon2id hashes (SHA-256 before). */
export const staffRecoveryCodes = pgTable('staff_recovery_codes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  staffId: integer('staff_id').notNull().references(() => staff.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  usedAt: timestamptz('used_at'),
}, t => [index('staff_recovery_codes_staff_idx').on(t.staffId)])

/**
 * Failed sign-in steps, counted per account and per address over a window. In the database, not in
 * memory, because several server processes share it. Both keys are salted hashes.
 */
export const loginFailures = pgTable('login_failures', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  at: timestamptz('at').notNull().defaultNow(),
  accountKey: text('account_key').notNull(),
  ipKey: text('ip_key').notNull(),
  step: text('step').$type<'password' | 'code'>().notNull(),
}, t => [
  index('login_failures_account_idx').on(t.accountKey, t.at),
  index('login_failures_ip_idx').on(t.ipKey, t.at),
])

/**
 * Server-side sessions: the cookie holds a random token, the table only its SHA-256. `id` names a session to its
 * owner (账户安全 lists them and ends one by it) without the hash; `browser` and `system` are what the list says of
 * the device, from the User-Agent at sign-in (one of a few names; the User-Agent itself is not kept).
 */
export const staffSessions = pgTable('staff_sessions', {
  id: integer('id').notNull().generatedAlwaysAsIdentity(),
  tokenHash: text('token_hash').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id, { onDelete: 'cascade' }),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
  expiresAt: timestamptz('expires_at').notNull(),
  /** when the second factor was passed; null: signed in with the password only, which opens nothing else */
  secondFactorAt: timestamptz('second_factor_at'),
  browser: text('browser').$type<SessionBrowser>().notNull().default('other'),
  system: text('system').$type<SessionSystem>().notNull().default('other'),
}, t => [index('staff_sessions_staff_idx').on(t.staffId), uniqueIndex('staff_sessions_id_key').on(t.id)])

/**
 * Who did what to content, moderation, registrations and accounts, when and from where. Append-only: a
 * trigger refuses UPDATE, TRUNCATE and the DELETE of rows younger than 180 days (migration 0010).
 */
export const auditLog = pgTable('audit_log', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  at: timestamptz('at').notNull().defaultNow(),
  staffId: integer('staff_id').references(() => staff.id, { onDelete: 'set null' }),
  action: text('action').notNull(),
  target: text('target'),
  detail: jsonb('detail'),
  requestId: text('request_id'),
  /** the client address as the server saw it (through GONGKAI_TRUST_PROXY) */
  sourceIp: text('source_ip'),
}, t => [index('audit_log_at_idx').on(t.at)])

/**
 * Answers to writes that carried an Idempotency-Key: the key is claimed in the same transaction as the
 * write, so a retried request replays the stored answer and the write happens exactly once.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  status: integer('status'),
  response: jsonb('response'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [
  uniqueIndex('idempotency_keys_pk').on(t.scope, t.key),
  index('idempotency_keys_created_idx').on(t.createdAt),
])
