import type { Static } from 'typebox'
import { Type } from 'typebox'
import { AUDIENCES, DOCUMENT_STATUSES, DOCUMENT_TYPES, LEVELS, TOPICS } from '../constants'
import { DocumentBodySchema } from './document-body'

export const LevelSchema = Type.Enum(LEVELS)
export const DocumentTypeSchema = Type.Enum(DOCUMENT_TYPES)
export const DocumentStatusSchema = Type.Enum(DOCUMENT_STATUSES)
export const TopicSchema = Type.Enum(TOPICS)
export const AudienceSchema = Type.Enum(AUDIENCES)

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const IsoDateTime = Type.String({ format: 'date-time' })

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

/** A document with its body, for the reading page. */
export const DocumentDetailSchema = Type.Intersect([
  DocumentSummarySchema,
  Type.Object({
    validFrom: Type.Union([IsoDate, Type.Null()]),
    publiclyReleased: Type.Boolean(),
    body: DocumentBodySchema,
    updatedAt: IsoDateTime,
  }),
])
export type DocumentDetail = Static<typeof DocumentDetailSchema>

export const DocumentListQuerySchema = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
}, { additionalProperties: false })
export type DocumentListQuery = Static<typeof DocumentListQuerySchema>

export const DocumentListSchema = Type.Object({
  items: Type.Array(DocumentSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type DocumentList = Static<typeof DocumentListSchema>

export const DocumentParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
})
