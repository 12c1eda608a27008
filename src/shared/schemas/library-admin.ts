import type { Static } from 'typebox'
import { Type } from 'typebox'
import { IsoDate, RowId } from './common'
import { AudienceSchema, DocumentStatusSchema, DocumentTypeSchema, LevelSchema, TopicSchema } from './documents'
import { INTERPRETATION_KINDS, INTERPRETER_TYPES } from './library'

// What the staff console sends and reads to write documents, interpretations and topic bundles.

const HttpsUrl = Type.String({ maxLength: 500, pattern: '^https://[^\\s]+$' })
const LocalOrHttpsUrl = Type.String({ maxLength: 500, pattern: '^(https://|/)[^\\s]+$' })

export const AdminDocumentRowSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  docNumber: Type.Union([Type.String(), Type.Null()]),
  type: DocumentTypeSchema,
  status: DocumentStatusSchema,
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  interpretations: Type.Integer({ description: 'published interpretations' }),
  interpretationWaiver: Type.Union([Type.String(), Type.Null()]),
})
export type AdminDocumentRow = Static<typeof AdminDocumentRowSchema>

/** A document's metadata and, when given, its text as published (parsed by the importer). */
export const DocumentInputSchema = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 200 }),
  docNumber: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  issuer: Type.String({ minLength: 2, maxLength: 100 }),
  level: LevelSchema,
  district: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z]{3,12}$' }), Type.Null()])),
  type: DocumentTypeSchema,
  status: DocumentStatusSchema,
  issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  validFrom: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  validUntil: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  topics: Type.Array(TopicSchema, { maxItems: 12 }),
  audiences: Type.Array(AudienceSchema, { maxItems: 12 }),
  summary: Type.String({ maxLength: 500 }),
  /** an English version: both or neither (null or empty clears it) */
  titleEn: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  bodyEn: Type.Optional(Type.Union([Type.String({ maxLength: 100_000, description: 'Plain paragraphs separated by a blank line' }), Type.Null()])),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 400_000, description: 'The document as published (Markdown or text)' })),
  serviceLinks: Type.Optional(Type.Array(Type.Object({ title: Type.String({ minLength: 2, maxLength: 80 }), url: HttpsUrl, description: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), { maxItems: 10 })),
}, { additionalProperties: false })
export type DocumentInput = Static<typeof DocumentInputSchema>

export const ParseBodySchema = Type.Object({ source: Type.String({ minLength: 1, maxLength: 400_000 }) }, { additionalProperties: false })
export const ParsePreviewSchema = Type.Object({
  title: Type.String(),
  docNumber: Type.Union([Type.String(), Type.Null()]),
  issuer: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.Union([Type.String(), Type.Null()]),
  parts: Type.Integer(),
  items: Type.Integer(),
  taskRows: Type.Integer(),
  outline: Type.Array(Type.String()),
})
export type ParsePreview = Static<typeof ParsePreviewSchema>

export const InterpretationInputSchema = Type.Object({
  kind: Type.Enum(INTERPRETATION_KINDS),
  title: Type.String({ minLength: 2, maxLength: 120 }),
  interpreterType: Type.Enum(INTERPRETER_TYPES),
  interpreterName: Type.String({ minLength: 2, maxLength: 80 }),
  sections: Type.Array(Type.Object({
    key: Type.Enum(['background', 'concepts', 'applies', 'how', 'changes', 'progress', 'summary', 'other']),
    title: Type.String({ minLength: 1, maxLength: 60 }),
    markdown: Type.String({ minLength: 1, maxLength: 20_000 }),
  }, { additionalProperties: false }), { maxItems: 12 }),
  faq: Type.Array(Type.Object({ q: Type.String({ minLength: 2, maxLength: 300 }), a: Type.String({ minLength: 2, maxLength: 3000 }) }, { additionalProperties: false }), { maxItems: 30 }),
  images: Type.Array(Type.Object({ src: LocalOrHttpsUrl, alt: Type.String({ minLength: 4, maxLength: 500, description: 'Says what the image shows: required' }), caption: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), { maxItems: 12 }),
  video: Type.Optional(Type.Union([Type.Null(), Type.Object({ src: LocalOrHttpsUrl, poster: Type.Optional(LocalOrHttpsUrl), captions: Type.Optional(LocalOrHttpsUrl), transcript: Type.String({ minLength: 10, maxLength: 50_000, description: 'Required: a video is never published without its words in text' }) }, { additionalProperties: false })])),
}, { additionalProperties: false })
export type InterpretationInput = Static<typeof InterpretationInputSchema>

export const AdminInterpretationSchema = Type.Intersect([
  InterpretationInputSchema,
  Type.Object({ id: Type.Integer(), documentId: Type.Integer(), publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), helpful: Type.Object({ yes: Type.Integer(), no: Type.Integer() }, { description: 'residents\' 有用 / 没用' }) }),
])
export type AdminInterpretation = Static<typeof AdminInterpretationSchema>

export const MarkdownPreviewBodySchema = Type.Object({ markdown: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false })
export const MarkdownPreviewSchema = Type.Object({ html: Type.String() })

export const BundleInputSchema = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
  title: Type.String({ minLength: 2, maxLength: 60 }),
  summary: Type.String({ minLength: 2, maxLength: 300 }),
  items: Type.Array(Type.Object({
    kind: Type.Enum(['document', 'interpretation', 'question', 'service']),
    refId: Type.Optional(RowId()),
    title: Type.Optional(Type.String({ maxLength: 120 })),
    url: Type.Optional(HttpsUrl),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  }, { additionalProperties: false }), { maxItems: 40 }),
  published: Type.Boolean(),
}, { additionalProperties: false })
export type BundleInput = Static<typeof BundleInputSchema>
