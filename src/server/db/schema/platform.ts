import type { StaffRole } from '../../../shared/constants'
import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
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
}, t => [uniqueIndex('staff_email_key').on(sql`lower(${t.email})`)])

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const staffSessions = pgTable('staff_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id, { onDelete: 'cascade' }),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
  expiresAt: timestamptz('expires_at').notNull(),
}, t => [index('staff_sessions_staff_idx').on(t.staffId)])

/** Who did what to content, moderation, registrations and accounts. Append-only from the app. */
export const auditLog = pgTable('audit_log', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  at: timestamptz('at').notNull().defaultNow(),
  staffId: integer('staff_id').references(() => staff.id, { onDelete: 'set null' }),
  action: text('action').notNull(),
  target: text('target'),
  detail: jsonb('detail'),
  requestId: text('request_id'),
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
