import type { Static } from 'typebox'
import { Type } from 'typebox'
import { AUDIENCES, DOCUMENT_STATUSES, DOCUMENT_TYPES, LEVELS, TOPICS } from '../constants'
import { IsoDate, IsoDateTime } from './common'
import { DocumentBodySchema } from './document-body'

export const LevelSchema = Type.Enum(LEVELS)
export const DocumentTypeSchema = Type.Enum(DOCUMENT_TYPES)
export const DocumentStatusSchema = Type.Enum(DOCUMENT_STATUSES)
export const TopicSchema = Type.Enum(TOPICS)
export const AudienceSchema = Type.Enum(AUDIENCES)

/** A document as the library lists it. */
export const DocumentSummarySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  docNumber: Type.Union([Type.String(), Type.Null()]),
  issuer: Type.String(),
  level: LevelSchema,
  district: Type.Union([Type.String(), Type.Null()]),
  type: DocumentTypeSchema,
  status: DocumentStatusSchema,
  issuedOn: Type.Union([IsoDate, Type.Null()]),
  publishedAt: Type.Union([IsoDateTime, Type.Null()]),
  validUntil: Type.Union([IsoDate, Type.Null()]),
  topics: Type.Array(TopicSchema),
  audiences: Type.Array(AudienceSchema),
  summary: Type.String(),
})
export type DocumentSummary = Static<typeof DocumentSummarySchema>

/** An English version of a document: a title and plain paragraphs, rendered as text. */
export const DocumentEnglishSchema = Type.Object({
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
})
export type DocumentEnglish = Static<typeof DocumentEnglishSchema>

/** A document with its body, for the reading page. */
export const DocumentDetailSchema = Type.Intersect([
  DocumentSummarySchema,
  Type.Object({
    validFrom: Type.Union([IsoDate, Type.Null()]),
    publiclyReleased: Type.Boolean(),
    body: DocumentBodySchema,
    /** the department's English version, or null when only Chinese exists (the Chinese text is authoritative) */
    english: Type.Union([DocumentEnglishSchema, Type.Null()]),
    updatedAt: IsoDateTime,
  }),
])
export type DocumentDetail = Static<typeof DocumentDetailSchema>

/** The library's filters, in any combination; several values of one filter mean any of them. */
export const DocumentFiltersSchema = Type.Object({
  topic: Type.Optional(Type.Array(TopicSchema, { maxItems: 12 })),
  audience: Type.Optional(Type.Array(AudienceSchema, { maxItems: 12 })),
  issuer: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 12 })),
  level: Type.Optional(Type.Array(LevelSchema, { maxItems: 3 })),
  district: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{3,12}$' }), { maxItems: 16 })),
  year: Type.Optional(Type.Array(Type.Integer({ minimum: 1949, maximum: 2100 }), { maxItems: 20 })),
  type: Type.Optional(Type.Array(DocumentTypeSchema, { maxItems: 12 })),
  status: Type.Optional(Type.Array(DocumentStatusSchema, { maxItems: 5 })),
})
export type DocumentFilters = Static<typeof DocumentFiltersSchema>
export const FACETS = ['topic', 'audience', 'issuer', 'level', 'district', 'year', 'type', 'status'] as const
export type Facet = typeof FACETS[number]

export const DocumentListQuerySchema = Type.Object({
  ...DocumentFiltersSchema.properties,
  q: Type.Optional(Type.String({ maxLength: 2000, description: 'Words or a 文号; Chinese is segmented like the index' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
}, { additionalProperties: false })
export type DocumentListQuery = Static<typeof DocumentListQuerySchema>

/** A search hit's snippet and the character ranges in it to highlight (rendered as <mark> from text). */
export const SnippetSchema = Type.Object({
  text: Type.String(),
  ranges: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()])),
})
export type Snippet = Static<typeof SnippetSchema>

export const FacetCountSchema = Type.Object({ value: Type.String(), count: Type.Integer() })

export const DocumentListSchema = Type.Object({
  items: Type.Array(Type.Intersect([DocumentSummarySchema, Type.Object({ snippet: Type.Optional(SnippetSchema) })])),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer({ description: 'Documents matching the query and every filter' }),
  /** per filter: how many documents each value would give, with the other filters applied */
  facets: Type.Record(Type.String(), Type.Array(FacetCountSchema)),
  /** set when a query found nothing with the filters but would without them */
  withoutFiltersTotal: Type.Optional(Type.Integer()),
})
export type DocumentList = Static<typeof DocumentListSchema>
