import type { Static } from 'typebox'
import { Type } from 'typebox'
import { COMMENT_DECISIONS, COMMENT_MAX_LENGTH, COMMENT_STATUSES, COMMENTER_TYPES, CONSULTATION_STATUSES, DECISION_STAGE_STATES, DECISION_STAGES, DRAFT_VERSION_KINDS, RECEIPT_STATES } from '../constants'
import { IsoDate, IsoDateTime, RowId } from './common'
import { IdempotencyHeadersSchema } from './idempotency'
import { DeviceIdSchema, PublicWriteFields } from './public-write'

export const CommenterTypeSchema = Type.Enum(COMMENTER_TYPES)
export const CommentStatusSchema = Type.Enum(COMMENT_STATUSES)
export const CommentDecisionSchema = Type.Enum(COMMENT_DECISIONS)
export const ReceiptStateSchema = Type.Enum(RECEIPT_STATES)
export const ConsultationStatusSchema = Type.Enum(CONSULTATION_STATUSES)
export const DraftVersionKindSchema = Type.Enum(DRAFT_VERSION_KINDS)
export const DecisionStageSchema = Type.Enum(DECISION_STAGES)
export const DecisionStageStateSchema = Type.Enum(DECISION_STAGE_STATES)

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** A stable article anchor: kept by the article across versions, whatever its number becomes. */
export const AnchorSchema = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })

/** 重大行政决策: one stage of the decision's timeline. */
export const DecisionStageEntrySchema = Type.Object({
  stage: DecisionStageSchema,
  state: DecisionStageStateSchema,
  date: Nullable(IsoDate),
  note: Type.String(),
  /** a document in the library, where one is published for this stage */
  documentId: Nullable(Type.Integer()),
})
export type DecisionStageEntry = Static<typeof DecisionStageEntrySchema>

/** How a closed consultation came out, once the report is published. */
export const ConsultationOutcomeSchema = Type.Object({
  reportPublishedAt: IsoDateTime,
  comments: Type.Integer(),
  adopted: Type.Integer(),
  partly: Type.Integer(),
  notAdopted: Type.Integer(),
})

/** A consultation as the 互动 tab lists it. */
export const ConsultationSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  department: Type.String(),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  status: ConsultationStatusSchema,
  majorDecision: Type.Boolean(),
  /** published comments */
  commentCount: Type.Integer(),
  outcome: Nullable(ConsultationOutcomeSchema),
})
export type ConsultationSummary = Static<typeof ConsultationSummarySchema>

export const ConsultationListSchema = Type.Object({
  open: Type.Array(ConsultationSummarySchema),
  upcoming: Type.Array(ConsultationSummarySchema),
  closed: Type.Array(ConsultationSummarySchema),
})
export type ConsultationList = Static<typeof ConsultationListSchema>

/** One article (条) of a version. */
export const ArticleSchema = Type.Object({
  anchor: AnchorSchema,
  number: Type.String({ description: '第五条, as displayed in this version' }),
  chapter: Nullable(Type.String({ description: '第二章 补贴标准, when a chapter starts here' })),
  text: Type.String(),
  /** published comments on this article (draft only; 0 in the final text) */
  commentCount: Type.Integer(),
})
export type Article = Static<typeof ArticleSchema>

export const DraftVersionSchema = Type.Object({
  id: Type.Integer(),
  kind: DraftVersionKindSchema,
  label: Type.String(),
  publishedAt: IsoDateTime,
  articles: Type.Array(ArticleSchema),
})
export type DraftVersion = Static<typeof DraftVersionSchema>

/** A piece of a word/character diff between two texts. */
export const DiffSegmentSchema = Type.Object({
  op: Type.Union([Type.Literal('same'), Type.Literal('del'), Type.Literal('ins')]),
  text: Type.String(),
})
export type DiffSegment = Static<typeof DiffSegmentSchema>

/** One row of the draft/final comparison, paired by anchor. */
export const ArticleChangeSchema = Type.Object({
  anchor: AnchorSchema,
  change: Type.Union([Type.Literal('same'), Type.Literal('changed'), Type.Literal('added'), Type.Literal('removed')]),
  draftNumber: Nullable(Type.String()),
  finalNumber: Nullable(Type.String()),
  segments: Type.Array(DiffSegmentSchema),
})
export type ArticleChange = Static<typeof ArticleChangeSchema>

export const ConsultationDetailSchema = Type.Intersect([
  ConsultationSummarySchema,
  Type.Object({
    interpretation: Type.String({ description: 'Why this draft, what it changes, who it affects' }),
    documentId: Nullable(Type.Integer()),
    /** published comments on the whole draft rather than one article */
    wholeDraftCommentCount: Type.Integer(),
    draft: DraftVersionSchema,
    final: Nullable(DraftVersionSchema),
    changes: Type.Array(ArticleChangeSchema),
    /** the date by which the adoption of comments is due (10 working days after the decision) */
    reportDueOn: IsoDate,
    mainChanges: Type.String(),
    stages: Type.Array(DecisionStageEntrySchema),
  }),
])
export type ConsultationDetail = Static<typeof ConsultationDetailSchema>

/** A comment on a consultation: reported by residents, moderated by staff. */
export const CommentParamsSchema = Type.Object({
  id: RowId(),
  commentId: RowId(),
})

/** The Idempotency-Key, and the random id a device keeps for itself (the per-device rate limit). */
export const CommentHeadersSchema = Type.Object({
  ...IdempotencyHeadersSchema.properties,
  'x-device-id': Type.Optional(DeviceIdSchema),
})

/** A new comment, with the fields every public form sends (`public-write.ts`). */
export const CommentBodySchema = Type.Object({
  text: Type.String({ minLength: 1, maxLength: COMMENT_MAX_LENGTH }),
  articleAnchor: Type.Optional(Nullable(AnchorSchema)),
  commenterType: CommenterTypeSchema,
  displayName: Type.Optional(Type.String({ maxLength: 40 })),
  contact: Type.Optional(Type.String({ maxLength: 100 })),
  consent: Type.Boolean(),
  ...PublicWriteFields,
}, { additionalProperties: false })
export type CommentBody = Static<typeof CommentBodySchema>

export const CommentCreatedSchema = Type.Object({
  id: Type.Integer(),
  receiptNumber: Type.String(),
  /** keep it on the device: it is the only way to read the receipt */
  receiptToken: Type.String(),
  status: Type.Literal('pending'),
})
export type CommentCreated = Static<typeof CommentCreatedSchema>

export const CommentDecisionInfoSchema = Type.Object({
  outcome: CommentDecisionSchema,
  reason: Type.String(),
  finalArticleAnchor: Nullable(Type.String()),
  finalArticleNumber: Nullable(Type.String()),
})
export type CommentDecisionInfo = Static<typeof CommentDecisionInfoSchema>

export const OfficialReplySchema = Type.Object({ text: Type.String(), at: IsoDateTime })

/** A published comment, as anyone may see it: never a contact detail. */
export const PublicCommentSchema = Type.Object({
  id: Type.Integer(),
  articleAnchor: Nullable(Type.String()),
  articleNumber: Nullable(Type.String()),
  text: Type.String(),
  commenterType: CommenterTypeSchema,
  displayName: Nullable(Type.String()),
  createdAt: IsoDateTime,
  reply: Nullable(OfficialReplySchema),
  /** shown once the report is published */
  decision: Nullable(CommentDecisionInfoSchema),
})
export type PublicComment = Static<typeof PublicCommentSchema>

export const PublicCommentListSchema = Type.Object({ items: Type.Array(PublicCommentSchema) })

export const ReceiptParamsSchema = Type.Object({
  receiptNumber: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }),
})
export const ReceiptHeadersSchema = Type.Object({
  'x-receipt-token': Type.String({ minLength: 20, maxLength: 100 }),
})

/** A commenter's own receipt (回执), read with the token kept on their device. */
export const ReceiptSchema = Type.Object({
  receiptNumber: Type.String(),
  consultationId: Type.Integer(),
  consultationTitle: Type.String(),
  articleAnchor: Nullable(Type.String()),
  articleNumber: Nullable(Type.String()),
  text: Type.String(),
  commenterType: CommenterTypeSchema,
  displayName: Nullable(Type.String()),
  createdAt: IsoDateTime,
  state: ReceiptStateSchema,
  /** why it was not published, or why it was (partly) not adopted */
  reason: Nullable(Type.String()),
  reply: Nullable(OfficialReplySchema),
  decision: Nullable(CommentDecisionInfoSchema),
})
export type Receipt = Static<typeof ReceiptSchema>

export const ReportCommentSchema = Type.Object({
  id: Type.Integer(),
  articleNumber: Nullable(Type.String()),
  commenterType: CommenterTypeSchema,
  text: Type.String(),
  decision: CommentDecisionInfoSchema,
})

/** 意见采纳情况: who commented, how many were adopted, the main changes, and a decision per comment. */
export const ConsultationReportSchema = Type.Object({
  consultationId: Type.Integer(),
  title: Type.String(),
  publishedAt: IsoDateTime,
  dueOn: IsoDate,
  mainChanges: Type.String(),
  totals: Type.Object({
    received: Type.Integer(),
    published: Type.Integer(),
    rejected: Type.Integer(),
    adopted: Type.Integer(),
    partly: Type.Integer(),
    notAdopted: Type.Integer(),
  }),
  byCommenterType: Type.Record(Type.String(), Type.Integer()),
  comments: Type.Array(ReportCommentSchema),
})
export type ConsultationReport = Static<typeof ConsultationReportSchema>
