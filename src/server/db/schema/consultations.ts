import type { CatalogueChange, CatalogueEntryStatus, CommentDecision, CommenterType, CommentStatus, DecisionStage, DraftVersionKind } from '../../../shared/constants'
import type { DecisionStageEntry } from '../../../shared/schemas/consultations'
import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns'
import { documents } from './documents'
import { staff } from './platform'

/** 公开征求意见: a draft policy open for comment between two instants; its status is derived from the clock. */
export const consultations = pgTable('consultations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  /** why this draft, what it changes, who it affects */
  interpretation: text('interpretation').notNull().default(''),
  department: text('department').notNull(),
  opensAt: timestamptz('opens_at').notNull(),
  closesAt: timestamptz('closes_at').notNull(),
  documentId: integer('document_id').references(() => documents.id, { onDelete: 'set null' }),
  majorDecision: boolean('major_decision').notNull().default(false),
  /** 重大行政决策 timeline, empty for other consultations */
  stages: jsonb('stages').$type<DecisionStageEntry[]>().notNull().default(sql`'[]'::jsonb`),
  mainChanges: text('main_changes').notNull().default(''),
  reportPublishedAt: timestamptz('report_published_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [index('consultations_closes_idx').on(t.closesAt)])

/** A version of the draft: the consultation draft, then the adopted (final) text. */
export const consultationVersions = pgTable('consultation_versions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  consultationId: integer('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  kind: text('kind').$type<DraftVersionKind>().notNull(),
  label: text('label').notNull(),
  publishedAt: timestamptz('published_at').notNull().defaultNow(),
}, t => [uniqueIndex('consultation_versions_seq_key').on(t.consultationId, t.seq)])

/** An article (条) of a version. `anchor` is stable across versions; `number` is as displayed in this one. */
export const consultationArticles = pgTable('consultation_articles', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  versionId: integer('version_id').notNull().references(() => consultationVersions.id, { onDelete: 'cascade' }),
  anchor: text('anchor').notNull(),
  position: integer('position').notNull(),
  number: text('number').notNull(),
  chapter: text('chapter'),
  text: text('text').notNull(),
}, t => [
  uniqueIndex('consultation_articles_anchor_key').on(t.versionId, t.anchor),
  index('consultation_articles_position_idx').on(t.versionId, t.position),
])

/**
 * A comment on the whole draft (anchor null) or one article. `contact` is for staff only and never leaves
 * in a public response; the receipt token is stored as its SHA-256.
 */
export const consultationComments = pgTable('consultation_comments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  consultationId: integer('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
  versionId: integer('version_id').notNull().references(() => consultationVersions.id),
  articleAnchor: text('article_anchor'),
  body: text('body').notNull(),
  commenterType: text('commenter_type').$type<CommenterType>().notNull(),
  displayName: text('display_name'),
  contact: text('contact'),
  consent: boolean('consent').notNull().default(false),
  receiptNumber: text('receipt_number').notNull(),
  receiptTokenHash: text('receipt_token_hash').notNull(),
  status: text('status').$type<CommentStatus>().notNull().default('pending'),
  rejectReason: text('reject_reason'),
  moderatedAt: timestamptz('moderated_at'),
  moderatedBy: integer('moderated_by').references(() => staff.id, { onDelete: 'set null' }),
  reply: text('reply'),
  repliedAt: timestamptz('replied_at'),
  decision: text('decision').$type<CommentDecision>(),
  decisionReason: text('decision_reason'),
  /** the article of the final text that changed because of this comment */
  decisionArticleAnchor: text('decision_article_anchor'),
  decidedAt: timestamptz('decided_at'),
  /** when residents' reports took it off the public page, pending a moderator; null otherwise */
  reportedAt: timestamptz('reported_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [
  uniqueIndex('consultation_comments_receipt_key').on(t.receiptNumber),
  index('consultation_comments_list_idx').on(t.consultationId, t.status, t.createdAt),
])

/**
 * A resident's report of a published comment, once per device (the keyed hash of its random id). Reports
 * a moderator has looked at are `cleared`: they no longer count towards hiding the comment again.
 */
export const commentReports = pgTable('comment_reports', {
  commentId: integer('comment_id').notNull().references(() => consultationComments.id, { onDelete: 'cascade' }),
  deviceHash: text('device_hash').notNull(),
  cleared: boolean('cleared').notNull().default(false),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [primaryKey({ columns: [t.commentId, t.deviceHash] })])

/**
 * Anti-automation counters for public writes, kept in the database so that every server process on it
 * shares them: one row per (bucket, fixed window). `bucket` is `route:kind:keyed hash` — never an IP
 * address or a phone number in clear. Rows older than a day are deleted by the hourly maintenance.
 */
export const publicWriteCounters = pgTable('public_write_counters', {
  bucket: text('bucket').notNull(),
  windowStart: timestamptz('window_start').notNull(),
  hits: integer('hits').notNull().default(0),
}, t => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('public_write_counters_window_idx').on(t.windowStart)])

/** 重大行政决策事项目录: one row per year, published by 31 March. */
export const decisionCatalogues = pgTable('decision_catalogues', {
  year: integer('year').primaryKey(),
  publishedOn: date('published_on', { mode: 'string' }).notNull(),
  issuer: text('issuer').notNull(),
})

/** A major administrative decision listed in a year's catalogue, with its current stage. */
export const majorDecisions = pgTable('major_decisions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  year: integer('year').notNull().references(() => decisionCatalogues.year, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  department: text('department').notNull(),
  summary: text('summary').notNull().default(''),
  stage: text('stage').$type<DecisionStage>().notNull(),
  status: text('status').$type<CatalogueEntryStatus>().notNull().default('listed'),
  consultationId: integer('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [index('major_decisions_year_idx').on(t.year, t.position)])

/** Every change to a published catalogue, with its reason (目录调整须说明理由). */
export const majorDecisionChanges = pgTable('major_decision_changes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  decisionId: integer('decision_id').notNull().references(() => majorDecisions.id, { onDelete: 'cascade' }),
  at: timestamptz('at').notNull().defaultNow(),
  change: text('change').$type<CatalogueChange>().notNull(),
  reason: text('reason').notNull(),
  staffId: integer('staff_id').references(() => staff.id, { onDelete: 'set null' }),
}, t => [index('major_decision_changes_decision_idx').on(t.decisionId, t.at)])
