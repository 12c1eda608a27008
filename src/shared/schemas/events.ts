import type { Static } from 'typebox'
import { Type } from 'typebox'
import { CN_MOBILE_PATTERN, DISTRICTS, EVENT_STATUSES, PROGRAMME_KINDS, REGISTRATION_SOURCES, REGISTRATION_STATUSES, SIGNUP_STATES, TOPICS } from '../constants'
import { IsoDate, IsoDateTime, RowId } from './common'
import { EventReportSchema } from './events-extras'
import { PublicWriteFields } from './public-write'

export const EventStatusSchema = Type.Enum(EVENT_STATUSES)
export const ProgrammeKindSchema = Type.Enum(PROGRAMME_KINDS)
export const SignupStateSchema = Type.Enum(SIGNUP_STATES)
export const RegistrationStatusSchema = Type.Enum(REGISTRATION_STATUSES)
export const RegistrationSourceSchema = Type.Enum(REGISTRATION_SOURCES)
export const DistrictSchema = Type.Enum(DISTRICTS)
export const TopicSchema = Type.Enum(TOPICS)

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** One item of the day's programme: 答疑, 座谈, 体验 or 问卷. */
export const ProgrammeItemSchema = Type.Object({
  kind: ProgrammeKindSchema,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  /** HH:MM in Shanghai, optional */
  time: Type.Optional(Type.String({ pattern: '^\\d{2}:\\d{2}$' })),
}, { additionalProperties: false })
export type ProgrammeItem = Static<typeof ProgrammeItemSchema>

/** An event as the 活动 tab lists it. */
export const EventSummarySchema = Type.Object({
  id: Type.Integer(),
  seriesId: Nullable(Type.String()),
  title: Type.String(),
  organiser: Type.String(),
  district: DistrictSchema,
  topic: TopicSchema,
  venue: Type.String(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: Type.Integer(),
  placesLeft: Type.Integer(),
  waitlisted: Type.Integer(),
  signupOpensAt: IsoDateTime,
  signupClosesAt: IsoDateTime,
  signup: SignupStateSchema,
  status: EventStatusSchema,
})
export type EventSummary = Static<typeof EventSummarySchema>

/** The event page. */
export const EventDetailSchema = Type.Object({
  ...EventSummarySchema.properties,
  description: Type.String(),
  address: Type.String(),
  transitHint: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  accessibility: Type.String(),
  programme: Type.Array(ProgrammeItemSchema),
  livestreamUrl: Nullable(Type.String()),
  maxParty: Type.Integer(),
  cancellationNotice: Nullable(Type.String()),
  /** other sessions of the same event */
  sessions: Type.Array(Type.Object({ id: Type.Integer(), startsAt: IsoDateTime, placesLeft: Type.Integer() })),
  /** base64url raw Ed25519 public key: staff phones verify ticket QR codes with it, offline */
  ticketPublicKey: Type.String(),
  /** 专项反馈, once the organiser publishes it */
  report: Nullable(EventReportSchema),
})
export type EventDetail = Static<typeof EventDetailSchema>

export const EventListQuerySchema = Type.Object({
  district: Type.Optional(DistrictSchema),
  organiser: Type.Optional(Type.String({ maxLength: 100 })),
  topic: Type.Optional(TopicSchema),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  /** a month view: YYYY-MM, every event that starts in it (past ones included) */
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
  hasPlaces: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type EventListQuery = Static<typeof EventListQuerySchema>

export const EventListSchema = Type.Object({
  items: Type.Array(EventSummarySchema),
  /** organisers with upcoming events, for the filter chips */
  organisers: Type.Array(Type.String()),
})
export type EventList = Static<typeof EventListSchema>

/** A resident's sign-up, with the fields every public form sends (`public-write.ts`). */
export const SignUpBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  phone: Type.String({ pattern: CN_MOBILE_PATTERN }),
  partySize: Type.Integer({ minimum: 1, maximum: 10 }),
  consent: Type.Boolean(),
  ...PublicWriteFields,
}, { additionalProperties: false })
export type SignUpBody = Static<typeof SignUpBodySchema>

/** The answer to a sign-up: the device keeps code and manageToken. */
export const SignUpResultSchema = Type.Object({
  code: Type.String(),
  status: RegistrationStatusSchema,
  waitlistPosition: Type.Optional(Type.Integer()),
  manageToken: Type.String(),
  partySize: Type.Integer(),
  /** the signed payload of the ticket's QR code */
  ticket: Type.String(),
})
export type SignUpResult = Static<typeof SignUpResultSchema>

export const RegistrationParamsSchema = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9]{6,16}$' }) })
export const ManageHeadersSchema = Type.Object({ 'x-manage-token': Type.String({ minLength: 16, maxLength: 100 }) })

/** A registration as the device that made it sees it: no phone number, no name. */
export const RegistrationStateSchema = Type.Object({
  code: Type.String(),
  status: RegistrationStatusSchema,
  waitlistPosition: Type.Optional(Type.Integer()),
  partySize: Type.Integer(),
  ticket: Type.String(),
  checkedInAt: Nullable(IsoDateTime),
  /** the questionnaire was answered from this registration */
  feedbackGiven: Type.Boolean(),
  event: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    venue: Type.String(),
    address: Type.String(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    status: EventStatusSchema,
    cancellationNotice: Nullable(Type.String()),
  }),
})
export type RegistrationState = Static<typeof RegistrationStateSchema>

// Staff

/** What staff write when they create or edit an event. */
export const EventInputSchema = Type.Object({
  seriesId: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  organiser: Type.String({ minLength: 1, maxLength: 100 }),
  district: DistrictSchema,
  topic: TopicSchema,
  venue: Type.String({ minLength: 1, maxLength: 200 }),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  transitHint: Type.String({ maxLength: 300 }),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  accessibility: Type.String({ maxLength: 1000 }),
  programme: Type.Array(ProgrammeItemSchema, { maxItems: 20 }),
  livestreamUrl: Type.Optional(Nullable(Type.String({ pattern: '^https://', maxLength: 500 }))),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: Type.Integer({ minimum: 1, maximum: 10000 }),
  maxParty: Type.Integer({ minimum: 1, maximum: 10 }),
  signupOpensAt: IsoDateTime,
  signupClosesAt: IsoDateTime,
  status: Type.Optional(Type.Enum(['draft', 'published'] as const)),
}, { additionalProperties: false })
export type EventInput = Static<typeof EventInputSchema>

export const AdminEventSchema = Type.Object({
  ...EventDetailSchema.properties,
  registered: Type.Integer(),
  checkedIn: Type.Integer(),
  noShow: Type.Integer(),
})
export type AdminEvent = Static<typeof AdminEventSchema>

export const AdminEventListSchema = Type.Object({ items: Type.Array(AdminEventSchema) })
export type AdminEventList = Static<typeof AdminEventListSchema>

export const SignupWindowBodySchema = Type.Object({ action: Type.Enum(['open', 'close'] as const) }, { additionalProperties: false })
export const CancelEventBodySchema = Type.Object({ notice: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false })

/** A registration as staff see it: the phone number masked. */
export const AdminRegistrationSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  phoneMasked: Type.String(),
  partySize: Type.Integer(),
  status: RegistrationStatusSchema,
  waitlistPosition: Type.Optional(Type.Integer()),
  source: RegistrationSourceSchema,
  createdAt: IsoDateTime,
  checkedInAt: Nullable(IsoDateTime),
})
export type AdminRegistration = Static<typeof AdminRegistrationSchema>

export const AdminRegistrationListSchema = Type.Object({
  items: Type.Array(AdminRegistrationSchema),
  ticketPublicKey: Type.String(),
  downloadedAt: IsoDateTime,
})
export type AdminRegistrationList = Static<typeof AdminRegistrationListSchema>

export const PhoneSignUpBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  phone: Type.String({ pattern: CN_MOBILE_PATTERN }),
  partySize: Type.Integer({ minimum: 1, maximum: 10 }),
  /** the caller agreed on the phone to the use of their details */
  consent: Type.Boolean(),
}, { additionalProperties: false })

export const RevealResultSchema = Type.Object({ phone: Type.String() })

export const EventRegistrationParamsSchema = Type.Object({ id: RowId(), code: Type.String({ pattern: '^[A-Z0-9]{6,16}$' }) })

export const CheckinBatchBodySchema = Type.Object({
  checkins: Type.Array(Type.Object({
    code: Type.String({ pattern: '^[A-Z0-9]{6,16}$' }),
    /** when the staff phone scanned it (possibly offline) */
    at: IsoDateTime,
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false })
export type CheckinBatchBody = Static<typeof CheckinBatchBodySchema>

export const CheckinResultSchema = Type.Object({
  results: Type.Array(Type.Object({
    code: Type.String(),
    /** accepted: first use now; duplicate: already used (checkedInAt is the first use); unknown / not-confirmed: refused */
    outcome: Type.Enum(['accepted', 'duplicate', 'unknown', 'not-confirmed'] as const),
    checkedInAt: Nullable(IsoDateTime),
  })),
})
export type CheckinResult = Static<typeof CheckinResultSchema>
