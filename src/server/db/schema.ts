import type { Audience, DocumentStatus, DocumentType, Level, StaffRole, Topic } from '../../shared/constants'
import type { DocumentBody } from '../../shared/schemas/document-body'
import { sql } from 'drizzle-orm'
import { boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

// One schema for PGlite and PostgreSQL 15: nothing newer than 15, generated columns STORED.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

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

export const documents = pgTable('documents', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  docNumber: text('doc_number'),
  /** 文号 without brackets or spaces, lower-cased: how any bracket style finds it */
  docNumberKey: text('doc_number_key'),
  issuer: text('issuer').notNull(),
  level: text('level').$type<Level>().notNull(),
  district: text('district'),
  type: text('type').$type<DocumentType>().notNull(),
  status: text('status').$type<DocumentStatus>().notNull(),
  issuedOn: date('issued_on'),
  publishedAt: timestamptz('published_at'),
  validFrom: date('valid_from'),
  validUntil: date('valid_until'),
  topics: text('topics').array().$type<Topic[]>().notNull().default(sql`'{}'`),
  audiences: text('audiences').array().$type<Audience[]>().notNull().default(sql`'{}'`),
  summary: text('summary').notNull().default(''),
  body: jsonb('body').$type<DocumentBody>().notNull(),
  publiclyReleased: boolean('publicly_released').notNull().default(true),
  sourceFile: text('source_file'),
  /** space-joined tokens from shared/tokenizer, filled by the repository on every write */
  searchTokens: text('search_tokens').notNull().default(''),
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('simple', search_tokens)`),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [
  uniqueIndex('documents_slug_key').on(t.slug),
  index('documents_doc_number_key_idx').on(t.docNumberKey),
  index('documents_published_idx').on(t.publishedAt.desc(), t.id.desc()),
  index('documents_search_idx').using('gin', t.searchVector),
  index('documents_topics_idx').using('gin', t.topics),
  index('documents_audiences_idx').using('gin', t.audiences),
])
