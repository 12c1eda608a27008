import type { Audience, DocumentStatus, DocumentType, Level, Topic } from '../../../shared/constants'
import type { DocumentBody } from '../../../shared/schemas/document-body'
import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, tsvector } from './columns'

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
  /** an English version, when the department gives one: shown when the interface is English (the Chinese stays authoritative) */
  titleEn: text('title_en'),
  /** plain paragraphs separated by a blank line; rendered as text */
  bodyEn: text('body_en'),
  publiclyReleased: boolean('publicly_released').notNull().default(true),
  sourceFile: text('source_file'),
  attachments: jsonb('attachments').$type<Array<{ title: string, url: string, mime?: string, bytes?: number }>>().notNull().default(sql`'[]'::jsonb`),
  serviceLinks: jsonb('service_links').$type<Array<{ title: string, url: string, description?: string }>>().notNull().default(sql`'[]'::jsonb`),
  /** 三同步: why a 规范性文件 is published without an interpretation, recorded by an editor */
  interpretationWaiver: text('interpretation_waiver'),
  /** the body as plain text, for snippets */
  plainText: text('plain_text').notNull().default(''),
  /** space-joined tokens from shared/tokenizer, filled by the repository on every write */
  titleTokens: text('title_tokens').notNull().default(''),
  searchTokens: text('search_tokens').notNull().default(''),
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', search_tokens)`),
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

export const RELATION_KINDS = ['replaces', 'implements', 'related'] as const

/** replaces / implements / related: read from → to ("2025 办法 replaces 2019 暂行办法"). */
export const documentRelations = pgTable('document_relations', {
  fromId: integer('from_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  toId: integer('to_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<typeof RELATION_KINDS[number]>().notNull(),
}, t => [uniqueIndex('document_relations_key').on(t.fromId, t.toId, t.kind), index('document_relations_to_idx').on(t.toId)])

/** 政策解读: text, 图解, video, Q&A or a later follow-up, by a department, an official or an expert. */
export const interpretations = pgTable('interpretations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<'text' | 'graphic' | 'video' | 'qa' | 'follow-up'>().notNull(),
  title: text('title').notNull(),
  interpreterType: text('interpreter_type').$type<'department' | 'official' | 'expert'>().notNull(),
  interpreterName: text('interpreter_name').notNull(),
  /** background, core concepts, who it applies to, how to apply, what changed, FAQ */
  sections: jsonb('sections').$type<Array<{ key: string, title: string, text: string, html?: string }>>().notNull().default(sql`'[]'::jsonb`),
  faq: jsonb('faq').$type<Array<{ q: string, a: string }>>().notNull().default(sql`'[]'::jsonb`),
  images: jsonb('images').$type<Array<{ src: string, alt: string, caption?: string }>>().notNull().default(sql`'[]'::jsonb`),
  video: jsonb('video').$type<{ src: string, poster?: string, captions?: string, transcript: string } | null>(),
  publishedAt: timestamptz('published_at'),
  helpfulYes: integer('helpful_yes').notNull().default(0),
  helpfulNo: integer('helpful_no').notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [index('interpretations_document_idx').on(t.documentId), index('interpretations_published_idx').on(t.publishedAt.desc())])

/** Questions on a policy's message board: published only once a department answers (先审后发). */
export const questions = pgTable('questions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
  displayName: text('display_name'),
  /** only staff see it; removed 30 days after the answer */
  contact: text('contact'),
  receiptNumber: text('receipt_number').notNull(),
  receiptTokenHash: text('receipt_token_hash').notNull(),
  /** `withdrawn`: deleted by the asker, everything they wrote erased (repositories/library.ts withdrawQuestion) */
  status: text('status').$type<'pending' | 'answered' | 'rejected' | 'withdrawn'>().notNull().default('pending'),
  simple: boolean('simple').notNull().default(false),
  dueOn: date('due_on').notNull(),
  answer: text('answer'),
  answeredBy: text('answered_by'),
  answeredAt: timestamptz('answered_at'),
  rejectReason: text('reject_reason'),
  isFaq: boolean('is_faq').notNull().default(false),
  helpfulYes: integer('helpful_yes').notNull().default(0),
  helpfulNo: integer('helpful_no').notNull().default(0),
  searchTokens: text('search_tokens').notNull().default(''),
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('simple', search_tokens)`),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [
  uniqueIndex('questions_receipt_key').on(t.receiptNumber),
  index('questions_document_idx').on(t.documentId, t.status),
  index('questions_queue_idx').on(t.status, t.dueOn),
  index('questions_search_idx').using('gin', t.searchVector),
])

/** 一件事 / 专题: one life event gathered across departments and levels. */
export const topicBundles = pgTable('topic_bundles', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  /** in order: documents, interpretations, FAQ questions and service links */
  items: jsonb('items').$type<Array<{ kind: 'document' | 'interpretation' | 'question' | 'service', refId?: number, title?: string, url?: string, note?: string }>>().notNull().default(sql`'[]'::jsonb`),
  publishedAt: timestamptz('published_at'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [uniqueIndex('topic_bundles_slug_key').on(t.slug)])

/** 有用 / 没用, once per device per interpretation or answer. */
export const helpfulVotes = pgTable('helpful_votes', {
  targetKind: text('target_kind').$type<'interpretation' | 'question'>().notNull(),
  targetId: integer('target_id').notNull(),
  deviceHash: text('device_hash').notNull(),
  helpful: boolean('helpful').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [uniqueIndex('helpful_votes_key').on(t.targetKind, t.targetId, t.deviceHash)])
