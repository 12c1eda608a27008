import type { Static } from 'typebox'
import { Type } from 'typebox'
import { IsoDateTime } from './common'
import { DocumentDetailSchema, DocumentSummarySchema } from './documents'
import { PublicWriteFields } from './public-write'

// Interpretations (政策解读), questions on the message board (政策留言板), FAQs and topic bundles (一件事).

export const INTERPRETATION_KINDS = ['text', 'graphic', 'video', 'qa', 'follow-up'] as const
export const INTERPRETER_TYPES = ['department', 'official', 'expert'] as const
export const RELATION_KINDS = ['replaces', 'replaced-by', 'implements', 'implemented-by', 'related'] as const

export const InterpretationSummarySchema = Type.Object({
  id: Type.Integer(),
  documentId: Type.Integer(),
  documentTitle: Type.String(),
  kind: Type.Enum(INTERPRETATION_KINDS),
  title: Type.String(),
  interpreterType: Type.Enum(INTERPRETER_TYPES),
  interpreterName: Type.String(),
  publishedAt: IsoDateTime,
})
export type InterpretationSummary = Static<typeof InterpretationSummarySchema>

export const InterpretationSchema = Type.Intersect([
  InterpretationSummarySchema,
  Type.Object({
    sections: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), text: Type.String(), html: Type.Optional(Type.String({ description: 'Sanitised on the server from the staff Markdown' })) })),
    faq: Type.Array(Type.Object({ q: Type.String(), a: Type.String() })),
    images: Type.Array(Type.Object({ src: Type.String(), alt: Type.String(), caption: Type.Optional(Type.String()) })),
    video: Type.Union([Type.Object({ src: Type.String(), poster: Type.Optional(Type.String()), captions: Type.Optional(Type.String()), transcript: Type.String() }), Type.Null()]),
    helpful: Type.Object({ yes: Type.Integer(), no: Type.Integer() }),
  }),
])
export type Interpretation = Static<typeof InterpretationSchema>

export const RelatedDocumentSchema = Type.Object({
  kind: Type.Enum(RELATION_KINDS),
  id: Type.Integer(),
  title: Type.String(),
  docNumber: Type.Union([Type.String(), Type.Null()]),
  status: DocumentSummarySchema.properties.status,
})

export const ServiceLinkSchema = Type.Object({ title: Type.String(), url: Type.String(), description: Type.Optional(Type.String()) })
export const AttachmentSchema = Type.Object({ title: Type.String(), url: Type.String(), mime: Type.Optional(Type.String()), bytes: Type.Optional(Type.Integer()) })

/** A published question with its answer: what residents see on the message board and in the FAQ library. */
export const AnsweredQuestionSchema = Type.Object({
  id: Type.Integer(),
  documentId: Type.Integer(),
  documentTitle: Type.String(),
  text: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  askedAt: IsoDateTime,
  answer: Type.String(),
  answeredBy: Type.String(),
  answeredAt: IsoDateTime,
  isFaq: Type.Boolean(),
  helpful: Type.Object({ yes: Type.Integer(), no: Type.Integer() }),
})
export type AnsweredQuestion = Static<typeof AnsweredQuestionSchema>

export const AskQuestionBodySchema = Type.Object({
  text: Type.String({ minLength: 5, maxLength: 1000 }),
  displayName: Type.Optional(Type.String({ maxLength: 30 })),
  contact: Type.Optional(Type.String({ maxLength: 100 })),
  consent: Type.Optional(Type.Boolean()),
  ...PublicWriteFields,
}, { additionalProperties: false })
export type AskQuestionBody = Static<typeof AskQuestionBodySchema>

export const QuestionReceiptSchema = Type.Object({
  id: Type.Integer(),
  receiptNumber: Type.String(),
  receiptToken: Type.String({ description: 'Secret: the device keeps it to read its own question back' }),
  status: Type.Enum(['pending', 'answered', 'rejected']),
  dueOn: Type.String({ format: 'date', description: 'When to expect an answer (working days, Asia/Shanghai)' }),
})
export type QuestionReceipt = Static<typeof QuestionReceiptSchema>

/** The state of one's own question, read with the receipt token. */
export const OwnQuestionSchema = Type.Object({
  receiptNumber: Type.String(),
  documentId: Type.Integer(),
  documentTitle: Type.String(),
  text: Type.String(),
  status: Type.Enum(['pending', 'answered', 'rejected']),
  dueOn: Type.String({ format: 'date' }),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredBy: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([IsoDateTime, Type.Null()]),
  rejectReason: Type.Union([Type.String(), Type.Null()]),
})
export type OwnQuestion = Static<typeof OwnQuestionSchema>

export const HelpfulBodySchema = Type.Object({
  helpful: Type.Boolean(),
  /** a random id the device made once; counts one vote per device */
  deviceId: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
}, { additionalProperties: false })

export const HelpfulCountsSchema = Type.Object({ yes: Type.Integer(), no: Type.Integer(), counted: Type.Boolean() })

export const BundleItemSchema = Type.Object({
  kind: Type.Enum(['document', 'interpretation', 'question', 'service']),
  refId: Type.Optional(Type.Integer()),
  title: Type.String(),
  url: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
})
export const TopicBundleSummarySchema = Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), summary: Type.String(), itemCount: Type.Integer() })
export type TopicBundleSummary = Static<typeof TopicBundleSummarySchema>
export const TopicBundleSchema = Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), summary: Type.String(), items: Type.Array(BundleItemSchema), updatedAt: IsoDateTime })
export type TopicBundle = Static<typeof TopicBundleSchema>

/** What the document page shows beside the text. */
export const DocumentExtrasSchema = Type.Object({
  related: Type.Array(RelatedDocumentSchema),
  interpretations: Type.Array(InterpretationSummarySchema),
  serviceLinks: Type.Array(ServiceLinkSchema),
  attachments: Type.Array(AttachmentSchema),
  questions: Type.Array(AnsweredQuestionSchema),
})
export type DocumentExtras = Static<typeof DocumentExtrasSchema>

export const DocumentPageSchema = Type.Intersect([DocumentDetailSchema, DocumentExtrasSchema])
export type DocumentPage = Static<typeof DocumentPageSchema>

export const FaqQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 2000 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}, { additionalProperties: false })

export const ReceiptParamsSchema = Type.Object({ receiptNumber: Type.String({ pattern: '^[A-Z]{2}-\\d{8}-[A-Z0-9]{6}$' }) })
export const ReceiptHeadersSchema = Type.Object({ 'x-receipt-token': Type.String({ minLength: 16, maxLength: 100 }) })

// Staff: the question queue and answers.
export const QueueQuestionSchema = Type.Object({
  id: Type.Integer(),
  documentId: Type.Integer(),
  documentTitle: Type.String(),
  text: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  contact: Type.Union([Type.String(), Type.Null()]),
  receiptNumber: Type.String(),
  simple: Type.Boolean(),
  dueOn: Type.String({ format: 'date' }),
  overdue: Type.Boolean(),
  status: Type.Enum(['pending', 'answered', 'rejected']),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredBy: Type.Union([Type.String(), Type.Null()]),
  isFaq: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type QueueQuestion = Static<typeof QueueQuestionSchema>

export const QueueQuerySchema = Type.Object({
  status: Type.Enum(['pending', 'answered', 'rejected'], { default: 'pending' }),
}, { additionalProperties: false })

export const AnswerBodySchema = Type.Object({
  answer: Type.String({ minLength: 2, maxLength: 5000 }),
  answeredBy: Type.String({ minLength: 2, maxLength: 60, description: 'The answering department' }),
  isFaq: Type.Boolean({ default: false }),
}, { additionalProperties: false })
export const RejectBodySchema = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false })
export const FaqBodySchema = Type.Object({ isFaq: Type.Boolean() }, { additionalProperties: false })

export const DashboardSchema = Type.Object({
  interpretations: Type.Object({ total: Type.Integer(), nonText: Type.Integer(), share: Type.Number({ description: '多元化解读率, goal ≥ 0.6' }) }),
  questions: Type.Object({ pending: Type.Integer(), overdue: Type.Integer() }),
})

export const SimpleBodySchema = Type.Object({ simple: Type.Boolean({ description: 'a simple question is due in 1 working day, others in 5' }) }, { additionalProperties: false })
