import type { District, EventStatus, ProposalStatus, RegistrationSource, RegistrationStatus, Topic } from '../../../shared/constants'
import type { ProgrammeItem } from '../../../shared/schemas/events'
import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns'
import { staff } from './platform'

/**
 * 政府开放月 and all-year open days. `seats_taken` is the sum of confirmed party sizes: sign-ups take places
 * in one statement that locks this row, decides from it and updates it (`takePlaces`), so the check and the
 * take are one atomic step; `waitlisted` is the count of waitlisted registrations, kept the same way.
 */
export const events = pgTable('events', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** sessions of one event share a series id */
  seriesId: text('series_id'),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  organiser: text('organiser').notNull(),
  district: text('district').$type<District>().notNull(),
  topic: text('topic').$type<Topic>().notNull(),
  venue: text('venue').notNull(),
  address: text('address').notNull(),
  transitHint: text('transit_hint').notNull().default(''),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  accessibility: text('accessibility').notNull().default(''),
  programme: jsonb('programme').$type<ProgrammeItem[]>().notNull().default(sql`'[]'::jsonb`),
  livestreamUrl: text('livestream_url'),
  startsAt: timestamptz('starts_at').notNull(),
  endsAt: timestamptz('ends_at').notNull(),
  capacity: integer('capacity').notNull(),
  maxParty: integer('max_party').notNull().default(2),
  signupOpensAt: timestamptz('signup_opens_at').notNull(),
  signupClosesAt: timestamptz('signup_closes_at').notNull(),
  status: text('status').$type<EventStatus>().notNull().default('draft'),
  cancellationNotice: text('cancellation_notice'),
  seatsTaken: integer('seats_taken').notNull().default(0),
  /** arrival counter for the waitlist: taken under the row lock, so positions follow arrival order */
  waitlistSeq: integer('waitlist_seq').notNull().default(0),
  /**
   * how many registrations are waitlisted now, changed under the row lock with every change to the waitlist
   * (a sign-up, a promotion, a cancellation): a new waitlisted sign-up's place in the queue is this count, read
   * by the statement that takes the number, and an event's page reads it without counting registrations
   */
  waitlisted: integer('waitlisted').notNull().default(0),
  /** Ed25519 key pair for signed tickets: public raw base64url; private PKCS#8, encrypted with the app key */
  ticketPublicKey: text('ticket_public_key').notNull(),
  ticketPrivateKey: text('ticket_private_key').notNull(),
  /** 专项反馈, published after the event: what was heard, and what is being done about it */
  reportHeard: text('report_heard'),
  reportActions: text('report_actions'),
  reportPublishedAt: timestamptz('report_published_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, t => [
  index('events_starts_idx').on(t.startsAt),
  check('events_seats_check', sql`${t.seatsTaken} >= 0 and ${t.seatsTaken} <= ${t.capacity}`),
  check('events_waitlisted_check', sql`${t.waitlisted} >= 0`),
])

/**
 * A sign-up. The phone number is stored encrypted (AES-256-GCM) and as a keyed hash, so one number holds
 * one live registration per event without the raw number; the manage token only as its SHA-256.
 */
export const registrations = pgTable('event_registrations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  eventId: integer('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  manageTokenHash: text('manage_token_hash').notNull(),
  name: text('name').notNull(),
  phoneHash: text('phone_hash').notNull(),
  phoneEncrypted: text('phone_encrypted').notNull(),
  phoneMasked: text('phone_masked').notNull(),
  partySize: integer('party_size').notNull(),
  status: text('status').$type<RegistrationStatus>().notNull(),
  /** arrival number among the waitlisted; null for those confirmed at once */
  waitlistSeq: integer('waitlist_seq'),
  source: text('source').$type<RegistrationSource>().notNull().default('online'),
  consentAt: timestamptz('consent_at').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  promotedAt: timestamptz('promoted_at'),
  cancelledAt: timestamptz('cancelled_at'),
  checkedInAt: timestamptz('checked_in_at'),
  checkedInBy: integer('checked_in_by').references(() => staff.id, { onDelete: 'set null' }),
  createdBy: integer('created_by').references(() => staff.id, { onDelete: 'set null' }),
}, t => [
  uniqueIndex('event_registrations_code_key').on(t.code),
  uniqueIndex('event_registrations_phone_key').on(t.eventId, t.phoneHash).where(sql`${t.status} <> 'cancelled'`),
  index('event_registrations_waitlist_idx').on(t.eventId, t.status, t.waitlistSeq),
])

/** The short questionnaire after an event: one answer per attended registration. */
export const eventFeedback = pgTable('event_feedback', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  eventId: integer('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
  registrationId: integer('registration_id').notNull().references(() => registrations.id, { onDelete: 'cascade' }),
  overall: integer('overall').notNull(),
  usefulness: integer('usefulness').notNull(),
  organisation: integer('organisation').notNull(),
  comment: text('comment').notNull().default(''),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [
  uniqueIndex('event_feedback_registration_key').on(t.registrationId),
  index('event_feedback_event_idx').on(t.eventId),
  check('event_feedback_ratings_check', sql`${t.overall} between 1 and 5 and ${t.usefulness} between 1 and 5 and ${t.organisation} between 1 and 5`),
])

/** Before open month residents propose themes or venues; published after moderation, ranked by support. */
export const eventProposals = pgTable('event_proposals', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  district: text('district').$type<District>().notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  status: text('status').$type<ProposalStatus>().notNull().default('pending'),
  supportCount: integer('support_count').notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  moderatedAt: timestamptz('moderated_at'),
  moderatedBy: integer('moderated_by').references(() => staff.id, { onDelete: 'set null' }),
}, t => [index('event_proposals_rank_idx').on(t.status, t.supportCount)])

/** One support per device and proposal: the device id only as a keyed hash. */
export const eventProposalSupports = pgTable('event_proposal_supports', {
  proposalId: integer('proposal_id').notNull().references(() => eventProposals.id, { onDelete: 'cascade' }),
  supporterHash: text('supporter_hash').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, t => [uniqueIndex('event_proposal_supports_key').on(t.proposalId, t.supporterHash)])
