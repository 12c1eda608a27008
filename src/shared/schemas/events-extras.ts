import type { Static } from 'typebox'
import { Type } from 'typebox'
import { DISTRICTS, PROPOSAL_STATUSES } from '../constants'
import { IsoDateTime } from './common'
import { DeviceIdSchema, PublicWriteFields } from './public-write'

const Rating = Type.Integer({ minimum: 1, maximum: 5 })

/** 专项反馈: after open month, what was heard and what is being done about it. */
export const EventReportSchema = Type.Object({
  heard: Type.String(),
  actions: Type.String(),
  publishedAt: IsoDateTime,
})
export type EventReport = Static<typeof EventReportSchema>

export const EventReportBodySchema = Type.Object({
  heard: Type.String({ minLength: 1, maxLength: 5000 }),
  actions: Type.String({ minLength: 1, maxLength: 5000 }),
}, { additionalProperties: false })

/** The questionnaire after an event: three ratings from 1 to 5 and an optional comment. */
export const FeedbackBodySchema = Type.Object({
  overall: Rating,
  usefulness: Rating,
  organisation: Rating,
  comment: Type.String({ maxLength: 1000 }),
}, { additionalProperties: false })
export type FeedbackBody = Static<typeof FeedbackBodySchema>

export const FeedbackReceiptSchema = Type.Object({ received: Type.Boolean() })

export const FeedbackSummarySchema = Type.Object({
  count: Type.Integer(),
  /** averages, null with no answers */
  overall: Type.Union([Type.Number(), Type.Null()]),
  usefulness: Type.Union([Type.Number(), Type.Null()]),
  organisation: Type.Union([Type.Number(), Type.Null()]),
  comments: Type.Array(Type.Object({ comment: Type.String(), overall: Rating, createdAt: IsoDateTime })),
})
export type FeedbackSummary = Static<typeof FeedbackSummarySchema>

/** A theme or venue residents want opened. */
export const ProposalSchema = Type.Object({
  id: Type.Integer(),
  district: Type.Enum(DISTRICTS),
  title: Type.String(),
  body: Type.String(),
  supportCount: Type.Integer(),
  createdAt: IsoDateTime,
})
export type Proposal = Static<typeof ProposalSchema>

export const ProposalListSchema = Type.Object({ items: Type.Array(ProposalSchema) })
export type ProposalList = Static<typeof ProposalListSchema>

export const ProposalBodySchema = Type.Object({
  district: Type.Enum(DISTRICTS),
  title: Type.String({ minLength: 2, maxLength: 80 }),
  body: Type.String({ maxLength: 1000 }),
  ...PublicWriteFields,
}, { additionalProperties: false })
export type ProposalBody = Static<typeof ProposalBodySchema>

export const ProposalReceiptSchema = Type.Object({ id: Type.Integer(), status: Type.Enum(PROPOSAL_STATUSES) })

/** A device's support: the device id is a random id kept on the device, stored only as a keyed hash. */
export const SupportBodySchema = Type.Object({ deviceId: DeviceIdSchema }, { additionalProperties: false })
export const SupportResultSchema = Type.Object({ supportCount: Type.Integer(), supported: Type.Boolean() })
export type SupportResult = Static<typeof SupportResultSchema>

export const AdminProposalSchema = Type.Object({ ...ProposalSchema.properties, status: Type.Enum(PROPOSAL_STATUSES) })
export type AdminProposal = Static<typeof AdminProposalSchema>
export const AdminProposalListSchema = Type.Object({ items: Type.Array(AdminProposalSchema) })
export const ModerateProposalBodySchema = Type.Object({ decision: Type.Enum(['publish', 'reject'] as const) }, { additionalProperties: false })
