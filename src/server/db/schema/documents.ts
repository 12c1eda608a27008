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
