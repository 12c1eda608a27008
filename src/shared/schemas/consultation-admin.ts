import type { Static } from 'typebox'
import { Type } from 'typebox'
import { COMMENT_DECISIONS, DRAFT_VERSION_KINDS, REJECT_REASONS } from '../constants'
import { IsoDate, IsoDateTime, RowId } from './common'
import { AnchorSchema, CommenterTypeSchema, CommentStatusSchema, ConsultationStatusSchema, OfficialReplySchema } from './consultations'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** A consultation in the staff console, with its queue and the report deadline. */
export const AdminConsultationSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  department: Type.String(),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  status: ConsultationStatusSchema,
  pending: Type.Integer(),
  published: Type.Integer(),
  rejected: Type.Integer(),
  undecided: Type.Integer(),
  hasFinal: Type.Boolean(),
  reportDueOn: IsoDate,
  reportOverdue: Type.Boolean(),
  reportPublishedAt: Nullable(IsoDateTime),
})
export type AdminConsultation = Static<typeof AdminConsultationSchema>

export const AdminConsultationListSchema = Type.Object({ items: Type.Array(AdminConsultationSchema) })

/** A comment as staff see it: contact details masked, everything else in full. */
export const AdminCommentSchema = Type.Object({
  id: Type.Integer(),
  consultationId: Type.Integer(),
  receiptNumber: Type.String(),
  articleAnchor: Nullable(Type.String()),
  articleNumber: Nullable(Type.String()),
  text: Type.String(),
  commenterType: CommenterTypeSchema,
  displayName: Nullable(Type.String()),
  contactMasked: Nullable(Type.String()),
  status: CommentStatusSchema,
  rejectReason: Nullable(Type.String()),
  reply: Nullable(OfficialReplySchema),
  decision: Nullable(Type.Enum(COMMENT_DECISIONS)),
  decisionReason: Nullable(Type.String()),
  decisionArticleAnchor: Nullable(Type.String()),
  createdAt: IsoDateTime,
  /** residents' reports not yet looked at, and when they took it off the public page (pending again) */
  reportCount: Type.Integer(),
  reportedAt: Nullable(IsoDateTime),
})
export type AdminComment = Static<typeof AdminCommentSchema>

export const AdminCommentListSchema = Type.Object({ items: Type.Array(AdminCommentSchema) })
export const AdminCommentQuerySchema = Type.Object({
  status: Type.Optional(CommentStatusSchema),
}, { additionalProperties: false })

export const ModerateBodySchema = Type.Object({
  ids: Type.Array(RowId(), { minItems: 1, maxItems: 200 }),
  action: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reasonCode: Type.Optional(Type.Enum(REJECT_REASONS)),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })
export type ModerateBody = Static<typeof ModerateBodySchema>

export const ReplyBodySchema = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
}, { additionalProperties: false })
export type ReplyBody = Static<typeof ReplyBodySchema>

/** A decision on one comment or a group of similar ones. */
export const DecideBodySchema = Type.Object({
  ids: Type.Array(RowId(), { minItems: 1, maxItems: 200 }),
  decision: Type.Enum(COMMENT_DECISIONS),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
  finalArticleAnchor: Type.Optional(Type.Union([AnchorSchema, Type.Null()])),
}, { additionalProperties: false })
export type DecideBody = Static<typeof DecideBodySchema>

/** The adopted text: articles with an anchor keep it; new ones get a fresh anchor. Numbers default to 第N条. */
export const FinalVersionBodySchema = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 100 })),
  articles: Type.Array(Type.Object({
    anchor: Type.Optional(AnchorSchema),
    number: Type.Optional(Type.String({ maxLength: 20 })),
    chapter: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    text: Type.String({ minLength: 1, maxLength: 5000 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 300 }),
}, { additionalProperties: false })
export type FinalVersionBody = Static<typeof FinalVersionBodySchema>

export const ReportBodySchema = Type.Object({
  mainChanges: Type.String({ minLength: 1, maxLength: 5000 }),
}, { additionalProperties: false })
export type ReportBody = Static<typeof ReportBodySchema>

/** Staff may correct the window (e.g. end it early or extend it); the change is audited. */
export const WindowBodySchema = Type.Object({
  opensAt: Type.Optional(IsoDateTime),
  closesAt: Type.Optional(IsoDateTime),
}, { additionalProperties: false })
export type WindowBody = Static<typeof WindowBodySchema>

export const ChangedSchema = Type.Object({ changed: Type.Integer() })

/** Pasted draft text, to be split into articles (第X条) before a consultation or version is saved. */
export const SplitDraftBodySchema = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 200_000 }),
}, { additionalProperties: false })
export type SplitDraftBody = Static<typeof SplitDraftBodySchema>

export const SplitDraftSchema = Type.Object({
  /** the title and anything else before 第一条: not part of any article */
  preamble: Type.String(),
  articles: Type.Array(Type.Object({ number: Type.String(), chapter: Nullable(Type.String()), text: Type.String() })),
})
export type SplitDraft = Static<typeof SplitDraftSchema>

const NewArticleSchema = Type.Object({
  number: Type.Optional(Type.String({ maxLength: 20 })),
  chapter: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  text: Type.String({ minLength: 1, maxLength: 5000 }),
}, { additionalProperties: false })

/** A new consultation and its first draft; every article gets a new anchor. Times are instants (shown in Asia/Shanghai). */
export const ConsultationCreateBodySchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ maxLength: 1000 }),
  interpretation: Type.String({ maxLength: 10_000 }),
  department: Type.String({ minLength: 1, maxLength: 100 }),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  documentId: Type.Optional(Nullable(RowId())),
  majorDecision: Type.Optional(Type.Boolean()),
  draftLabel: Type.Optional(Type.String({ maxLength: 100 })),
  articles: Type.Array(NewArticleSchema, { minItems: 1, maxItems: 300 }),
}, { additionalProperties: false })
export type ConsultationCreateBody = Static<typeof ConsultationCreateBodySchema>

/**
 * A new version (a revised draft, or the adopted text) made from the latest one: articles that name an anchor of
 * this consultation keep it; articles without one are new and get a fresh anchor. Numbers default to 第N条.
 */
export const VersionBodySchema = Type.Object({
  kind: Type.Enum(DRAFT_VERSION_KINDS),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  articles: Type.Array(Type.Object({
    anchor: Type.Optional(AnchorSchema),
    number: Type.Optional(Type.String({ maxLength: 20 })),
    chapter: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    text: Type.String({ minLength: 1, maxLength: 5000 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 300 }),
}, { additionalProperties: false })
export type VersionBody = Static<typeof VersionBodySchema>

export const CreatedIdSchema = Type.Object({ id: Type.Integer() })
