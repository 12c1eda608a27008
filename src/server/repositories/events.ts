import type { AnyColumn, SQL } from 'drizzle-orm'
import type { SignupState } from '../../shared/constants'
import type { EventDetail, EventListQuery, EventSummary, RegistrationState } from '../../shared/schemas/events'
import type { Db } from '../db/client'
import type { EventSecrets } from '../services/event-secrets'
import { and, asc, eq, getTableColumns, gt, inArray, ne, sql } from 'drizzle-orm'
import { executePrepared } from '../db/client'
import { isUniqueViolation } from '../db/errors'
import { eventFeedback, events, registrations } from '../db/schema'
import { HttpProblem } from '../problems'
import { encrypt, manageToken, maskPhone, phoneHash, registrationCode, sha256 } from '../services/event-secrets'
import { RefusedAfterClaim } from '../services/idempotency'
import { signTicket } from '../services/tickets'

export type EventRow = typeof events.$inferSelect
export type RegistrationRow = typeof registrations.$inferSelect

/** 未开放, 报名中, 已截止 from the clock; sign-up also closes when the event starts. */
export function signupState(e: Pick<EventRow, 'status' | 'signupOpensAt' | 'signupClosesAt' | 'startsAt'>, now: Date): SignupState {
  if (e.status === 'cancelled')
    return 'cancelled'
  if (now < e.signupOpensAt)
    return 'not-open'
  if (now >= e.signupClosesAt || now >= e.startsAt)
    return 'closed'
  return 'open'
}

function summary(row: EventRow, now: Date): EventSummary {
  return {
    id: row.id,
    seriesId: row.seriesId,
    title: row.title,
    organiser: row.organiser,
    district: row.district,
    topic: row.topic,
    venue: row.venue,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    capacity: row.capacity,
    placesLeft: Math.max(0, row.capacity - row.seatsTaken),
    waitlisted: row.waitlisted,
    signupOpensAt: row.signupOpensAt.toISOString(),
    signupClosesAt: row.signupClosesAt.toISOString(),
    signup: signupState(row, now),
    status: row.status,
  }
}

const { ticketPrivateKey: _private, ...eventColumns } = getTableColumns(events)

const shanghaiDay = sql`(${events.startsAt} at time zone 'Asia/Shanghai')::date`

/** Upcoming published (and cancelled, so residents see the notice) events, or every event of a month. */
export async function listEvents(db: Db, q: EventListQuery, now: Date): Promise<{ items: EventSummary[], organisers: string[] }> {
  const where: SQL[] = [ne(events.status, 'draft')]
  if (q.month)
    where.push(sql`to_char(${events.startsAt} at time zone 'Asia/Shanghai', 'YYYY-MM') = ${q.month}`)
  else
    where.push(gt(events.endsAt, now))
  if (q.district)
    where.push(eq(events.district, q.district))
  if (q.organiser)
    where.push(eq(events.organiser, q.organiser))
  if (q.topic)
    where.push(eq(events.topic, q.topic))
  if (q.from)
    where.push(sql`${shanghaiDay} >= ${q.from}::date`)
  if (q.to)
    where.push(sql`${shanghaiDay} <= ${q.to}::date`)
  if (q.hasPlaces)
    where.push(sql`${events.seatsTaken} < ${events.capacity} and ${events.status} = 'published' and ${events.signupClosesAt} > ${now} and ${events.startsAt} > ${now}`)
  const rows = await db.select(eventColumns).from(events).where(and(...where)).orderBy(asc(events.startsAt), asc(events.id)).limit(200)
  const organisers = await db.selectDistinct({ organiser: events.organiser }).from(events).where(and(ne(events.status, 'draft'), gt(events.endsAt, now))).orderBy(asc(events.organiser))
  return { items: rows.map(r => summary(r as EventRow, now)), organisers: organisers.map(o => o.organiser) }
}

/** An event row by id, drafts included (callers decide who may see a draft). */
export async function getEventRow(db: Db, id: number): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).limit(1)
  return row
}

export function eventDetail(row: EventRow, sessions: EventDetail['sessions'], now: Date): EventDetail {
  return {
    ...summary(row, now),
    description: row.description,
    address: row.address,
    transitHint: row.transitHint,
    lat: row.lat,
    lng: row.lng,
    accessibility: row.accessibility,
    programme: row.programme,
    livestreamUrl: row.livestreamUrl,
    maxParty: row.maxParty,
    cancellationNotice: row.cancellationNotice,
    sessions,
    ticketPublicKey: row.ticketPublicKey,
    report: row.reportPublishedAt ? { heard: row.reportHeard ?? '', actions: row.reportActions ?? '', publishedAt: row.reportPublishedAt.toISOString() } : null,
  }
}

/** The public event page; drafts are not found. */
export async function getEvent(db: Db, id: number, now: Date): Promise<EventDetail | undefined> {
  const row = await getEventRow(db, id)
  if (!row || row.status === 'draft')
    return undefined
  const sessions = row.seriesId
    ? (await db.select({ id: events.id, startsAt: events.startsAt, capacity: events.capacity, seatsTaken: events.seatsTaken }).from(events).where(and(eq(events.seriesId, row.seriesId), ne(events.id, id), ne(events.status, 'draft'), gt(events.endsAt, now))).orderBy(asc(events.startsAt)))
        .map(s => ({ id: s.id, startsAt: s.startsAt.toISOString(), placesLeft: Math.max(0, s.capacity - s.seatsTaken) }))
    : []
  return eventDetail(row, sessions, now)
}

const WINDOW_PROBLEMS: Record<Exclude<SignupState, 'open'>, { zh: string, en: string }> = {
  'not-open': { zh: '报名尚未开始，请在报名开始后再来。', en: 'Sign-up has not opened yet. Please come back when it opens.' },
  'closed': { zh: '报名已截止。', en: 'Sign-up has closed.' },
  'cancelled': { zh: '该活动已取消，不再接受报名。', en: 'This event has been cancelled and takes no more sign-ups.' },
}

/** What a party larger than the event allows is told (a 'validation' problem). */
function partyTooLarge(maxParty: number) {
  return { field: 'partySize', detail: { zh: `每份报名最多 ${maxParty} 人。`, en: `At most ${maxParty} people per sign-up.` } }
}

const ticketKeys = new WeakMap<Db, Map<number, Promise<string | undefined>>>()

/**
 * An event's sealed ticket key, drafts included; undefined when there is no such event. The key never changes,
 * so it is kept per database (bounded; a rush's first requests share one read): a resident's sign-up reads no
 * event row before its one statement, which checks everything that can change (status, window, party size).
 */
export function sealedTicketKey(db: Db, id: number): Promise<string | undefined> {
  let keys = ticketKeys.get(db)
  if (!keys)
    ticketKeys.set(db, keys = new Map())
  let key = keys.get(id)
  if (!key) {
    key = db.select({ key: events.ticketPrivateKey }).from(events).where(eq(events.id, id)).limit(1).then(([row]) => row?.key)
    if (keys.size >= 1000)
      keys.delete(keys.keys().next().value!)
    keys.set(id, key)
    // only a key is kept: a missing event, or a failed read, is asked again next time
    const forget = () => keys.get(id) === key && keys.delete(id)
    key.then(found => found === undefined && forget(), forget)
  }
  return key
}

const DUPLICATE_PROBLEM = { zh: '这个手机号已报名本场活动，无需重复报名。可在"我的"中查看报名。', en: 'This phone number is already registered for this event. You can find the registration under Me.' }

export interface NewRegistration {
  /** the event's id and sealed ticket key (`sealedTicketKey`), or its whole row */
  event: Pick<EventRow, 'id' | 'ticketPrivateKey'>
  name: string
  phone: string
  partySize: number
  source: 'online' | 'phone'
  staffId?: number
  now: Date
}

export interface RegistrationOutcome { code: string, status: 'confirmed' | 'waitlisted', waitlistPosition?: number, partySize: number, ticket: string }

/**
 * A waitlisted registration's place in the queue, as SQL: the event's waitlisted registrations that arrived no
 * later than it (`seq`, its waitlist number).
 */
function queuePlace(eventId: SQL | AnyColumn, seq: SQL | AnyColumn): SQL {
  return sql`(select count(*)::int from ${registrations} w
    where w.event_id = ${eventId} and w.status = 'waitlisted' and w.waitlist_seq <= ${seq})`
}

/** A sign-up with everything that needs no lock done: the code, the ticket's signature, the hashes, the encrypted phone. */
export interface PreparedRegistration {
  code: string
  ticket: string
  partySize: number
  /** what `takePlace` inserts */
  row: Omit<NewRegistration, 'phone' | 'partySize'> & { manageTokenHash: string, phoneHash: string, phoneEncrypted: string, phoneMasked: string }
}

export function prepareRegistration(secrets: EventSecrets, r: NewRegistration): PreparedRegistration {
  const code = registrationCode()
  const { phone, partySize, ...rest } = r
  return {
    code,
    ticket: signTicket(secrets, r.event.ticketPrivateKey, r.event.id, code),
    partySize,
    row: { ...rest, manageTokenHash: sha256(manageToken(secrets, code)), phoneHash: phoneHash(secrets, phone), phoneEncrypted: encrypt(secrets, phone), phoneMasked: maskPhone(phone) },
  }
}

interface TakePlaceRow { claimed: number, status: 'confirmed' | 'waitlisted' | null, position: number | null }

/** Where a sign-up stands the moment its statement commits: confirmed, or waitlisted at a place in the queue. */
export type Taken = { status: 'confirmed' } | { status: 'waitlisted', waitlistPosition: number }

export interface TakePlaceOptions {
  /** an idempotency key's claim, taken only when the sign-up is open (`onceInOneStatement`) */
  claim?: (when: SQL) => SQL
  /** a resident's sign-up: the window must be open at this time (staff taking a call ignore it) */
  openAt?: Date
}

/**
 * Takes places or a waitlist number and inserts, in one statement. The places are taken by a conditional UPDATE
 * (`seats_taken + party <= capacity`), which holds the event row's lock until commit, so two sign-ups (in one
 * process or two) can never both see the last place free; run with no transaction around it (a resident's
 * sign-up, through `onceInOneStatement`), the lock is held for this statement only, as a plain UPDATE's is
 * (bench/run.ts part 5). When the places are gone, the same statement takes the next waitlist number instead:
 * the two UPDATEs exclude each other (`not exists (select 1 from seat)`), so the row is changed at most once. The
 * waitlist's UPDATE also counts the new registration in `waitlisted` and returns the count: every change to the
 * waitlist holds the same row's lock and keeps that count, and this sign-up has the highest number, so the
 * count is its place in the queue, exact when it commits, with no second query. A phone already registered for the event breaks the unique index and the whole statement, places included, is
 * undone: 409. The statement also checks what staff may change (the event is published, the party no larger
 * than it allows and, with `openAt`, the window open). With a `claim` (an idempotency key's insert), taken only
 * when those hold, nothing changes unless the claim was taken: `undefined` then (`refusalOf` says why, when no
 * earlier answer is stored). When a taken claim's places are refused all the same (staff closed the event
 * between the statement's snapshot and its lock), the event is read again to say why, as a `RefusedAfterClaim`
 * (so the claim is undone).
 */
export async function takePlace(db: Db, p: PreparedRegistration, opts: TakePlaceOptions = {}): Promise<Taken | undefined> {
  const r = p.row
  const { claim, openAt } = opts
  const at = openAt && sql`${openAt.toISOString()}::timestamptz`
  const open = sql`status = 'published' and ${p.partySize} <= max_party${at ? sql` and signup_opens_at <= ${at} and ${at} < signup_closes_at and ${at} < starts_at` : sql``}`
  let result: TakePlaceRow | undefined
  try {
    const openEvent = sql`exists (select 1 from ${events} where id = ${r.event.id} and ${open})`
    const rows = await executePrepared<TakePlaceRow>(db, 'take-place', sql`with claim as (${claim ? claim(openEvent) : sql`select 1 as key`}), seat as (
        update ${events} set seats_taken = seats_taken + ${p.partySize}
        where id = ${r.event.id} and ${open} and seats_taken + ${p.partySize} <= capacity and exists (select 1 from claim)
        returning id
      ), queue as (
        update ${events} set waitlist_seq = waitlist_seq + 1, waitlisted = waitlisted + 1
        where id = ${r.event.id} and ${open} and not exists (select 1 from seat) and exists (select 1 from claim)
        returning waitlist_seq, waitlisted
      ), reg as (
        insert into ${registrations} (event_id, code, manage_token_hash, name, phone_hash, phone_encrypted, phone_masked,
          party_size, status, waitlist_seq, source, consent_at, created_at, created_by)
        select ${r.event.id}, ${p.code}, ${r.manageTokenHash}, ${r.name}, ${r.phoneHash}, ${r.phoneEncrypted}, ${r.phoneMasked},
          ${p.partySize}, case when exists (select 1 from seat) then 'confirmed' else 'waitlisted' end, (select waitlist_seq from queue), ${r.source},
          ${r.now.toISOString()}::timestamptz, ${r.now.toISOString()}::timestamptz, ${r.staffId ?? null}::int
        where exists (select 1 from seat) or exists (select 1 from queue)
        returning status
      )
      select (select count(*)::int from claim) as claimed, reg.status, (select waitlisted from queue) as position
      from (select 1) as one left join reg on true`)
    result = rows.rows[0]
  }
  catch (error) {
    if (isUniqueViolation(error))
      throw new HttpProblem('conflict', { detail: DUPLICATE_PROBLEM, field: 'phone' })
    throw error
  }
  if (!result || Number(result.claimed) === 0)
    return undefined
  // claimed, but neither a place nor a waitlist number: say why
  if (result.status === null)
    throw await refusalOf(db, r.event.id, p.partySize, openAt)
  return result.status === 'confirmed' ? { status: 'confirmed' } : { status: 'waitlisted', waitlistPosition: Number(result.position) }
}

/**
 * Why a sign-up was refused, from the event as it is now, in the order a resident is told: not found, the
 * window (cancelled included), the party size. A `RefusedAfterClaim`, so a claim taken meanwhile is undone.
 */
export async function refusalOf(db: Db, eventId: number, partySize: number, openAt?: Date): Promise<RefusedAfterClaim> {
  const row = await getEventRow(db, eventId)
  if (!row || row.status === 'draft')
    return new RefusedAfterClaim('not-found')
  const state = openAt ? signupState(row, openAt) : row.status === 'cancelled' ? 'cancelled' : 'open'
  if (state !== 'open')
    return new RefusedAfterClaim('conflict', { detail: WINDOW_PROBLEMS[state] })
  if (partySize > row.maxParty)
    return new RefusedAfterClaim('validation', partyTooLarge(row.maxParty))
  // open as read now: it changed back since the statement; the resident may simply try again
  return new RefusedAfterClaim('conflict')
}

/** A sign-up in one go (staff taking a call, the demo content): `prepareRegistration`, then `takePlace`. */
export async function register(tx: Db, secrets: EventSecrets, r: NewRegistration): Promise<RegistrationOutcome> {
  const prepared = prepareRegistration(secrets, r)
  const { code, partySize, ticket } = prepared
  return { code, ...(await takePlace(tx, prepared))!, partySize, ticket }
}

/** Where a registration stands now, in one query: its status and, when waitlisted, its place in the queue. */
export async function registrationStanding(db: Db, code: string): Promise<{ status: RegistrationRow['status'], waitlistPosition?: number } | undefined> {
  const result = await executePrepared<{ status: RegistrationRow['status'], position: number | null }>(db, 'standing', sql`select r.status, case when r.status = 'waitlisted' then ${queuePlace(sql`r.event_id`, sql`r.waitlist_seq`)} end as position
    from ${registrations} r where r.code = ${code}`)
  const row = result.rows[0]
  if (!row)
    return undefined
  return { status: row.status, ...(row.position === null ? {} : { waitlistPosition: Number(row.position) }) }
}

/**
 * Gives freed places to the waitlist in arrival order: each waitlisted party that fits what is left is
 * confirmed, a party too large is skipped for a smaller one behind it. Stops once the event has started.
 * The caller holds the event row's lock.
 */
export async function promoteWaitlist(tx: Db, eventId: number, now: Date): Promise<string[]> {
  const [event] = await tx.select({ capacity: events.capacity, seatsTaken: events.seatsTaken, startsAt: events.startsAt, status: events.status }).from(events).where(eq(events.id, eventId))
  if (!event || event.status !== 'published' || now >= event.startsAt)
    return []
  let free = event.capacity - event.seatsTaken
  if (free <= 0)
    return []
  const waiting = await tx.select({ id: registrations.id, code: registrations.code, partySize: registrations.partySize }).from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted'))).orderBy(asc(registrations.waitlistSeq))
  const promoted: typeof waiting = []
  for (const w of waiting) {
    if (free <= 0)
      break
    if (w.partySize <= free) {
      promoted.push(w)
      free -= w.partySize
    }
  }
  if (promoted.length === 0)
    return []
  await tx.update(registrations).set({ status: 'confirmed', promotedAt: now }).where(inArray(registrations.id, promoted.map(p => p.id)))
  await tx.update(events).set({ seatsTaken: sql`${events.seatsTaken} + ${promoted.reduce((s, p) => s + p.partySize, 0)}`, waitlisted: sql`${events.waitlisted} - ${promoted.length}` }).where(eq(events.id, eventId))
  return promoted.map(p => p.code)
}

/** Locks the event row for the rest of the transaction: every change to its places goes through this lock. */
export async function lockEvent(tx: Db, eventId: number): Promise<EventRow | undefined> {
  const [row] = await tx.select().from(events).where(eq(events.id, eventId)).for('update')
  return row
}

/** A registration by its code and manage token; undefined when either is wrong (no hint which). */
export async function findOwnRegistration(db: Db, code: string, token: string): Promise<RegistrationRow | undefined> {
  const [row] = await db.select().from(registrations).where(eq(registrations.code, code)).limit(1)
  if (!row || row.manageTokenHash !== sha256(token))
    return undefined
  return row
}

/** Cancels a registration and, in the same transaction, promotes from the waitlist. Returns the promoted codes. */
export function cancelRegistration(db: Db, reg: RegistrationRow, now: Date): Promise<string[]> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db
    await lockEvent(tx, reg.eventId)
    return cancelLocked(tx, reg, now)
  })
}

/** Cancels a registration whose event the caller has locked (`lockEvent`), and promotes from the waitlist. */
async function cancelLocked(tx: Db, reg: RegistrationRow, now: Date): Promise<string[]> {
  const [current] = await tx.select().from(registrations).where(eq(registrations.id, reg.id)).for('update')
  if (!current || current.status === 'cancelled')
    return []
  await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now }).where(eq(registrations.id, reg.id))
  await tx.update(events).set(current.status === 'confirmed' ? { seatsTaken: sql`${events.seatsTaken} - ${current.partySize}` } : { waitlisted: sql`${events.waitlisted} - 1` }).where(eq(events.id, reg.eventId))
  return promoteWaitlist(tx, reg.eventId, now)
}

/** The same erasure for the 30-day retention and for a resident's deletion: the row stays, the person goes. */
const erasedPersonalData = () => ({ name: '', phoneEncrypted: '', phoneMasked: '', phoneHash: sql`'erased:' || ${registrations.id}` })
/** What a deleted registration's manage token hash becomes: no route finds it by its token any more but deletion. */
const deletedTokenHash = (token: string) => `deleted:${sha256(token)}`

/**
 * A resident deletes their registration with the manage token (PIPL). Before the event ends it is
 * cancelled first, in the same transaction (freed places go to the waitlist); after that the row keeps its
 * status, so attendance counts stay true. Name and phone are erased at once, as the 30-day retention would,
 * and the token no longer reads it. Returns the promoted codes, `already` when it was deleted before, or
 * undefined when the code or token is wrong.
 */
export async function deleteOwnRegistration(db: Db, code: string, token: string, now: Date): Promise<{ eventId: number, promoted: string[], already: boolean } | undefined> {
  const row = await findOwnRegistration(db, code, token)
  if (!row) {
    // deleted before with this token: the same answer again, so a retried deletion is no 404
    const [gone] = await db.select({ eventId: registrations.eventId }).from(registrations).where(and(eq(registrations.code, code), eq(registrations.manageTokenHash, deletedTokenHash(token)))).limit(1)
    return gone && { eventId: gone.eventId, promoted: [], already: true }
  }
  return db.transaction(async (t) => {
    const tx = t as unknown as Db
    const event = await lockEvent(tx, row.eventId)
    const promoted = event && now < event.endsAt ? await cancelLocked(tx, row, now) : []
    await tx.update(registrations).set({ ...erasedPersonalData(), manageTokenHash: deletedTokenHash(token) }).where(eq(registrations.id, row.id))
    return { eventId: row.eventId, promoted, already: false }
  })
}

/** What the resident's device sees about its own registration. */
export async function registrationState(db: Db, secrets: EventSecrets, code: string): Promise<RegistrationState | undefined> {
  const [row] = await db.select({
    reg: registrations,
    event: events,
    position: sql<number | null>`case when ${registrations.status} = 'waitlisted' then ${queuePlace(registrations.eventId, registrations.waitlistSeq)} end`,
  }).from(registrations).innerJoin(events, eq(events.id, registrations.eventId)).where(eq(registrations.code, code)).limit(1)
  if (!row)
    return undefined
  const { reg, event, position } = row
  return {
    code: reg.code,
    status: reg.status,
    ...(position === null ? {} : { waitlistPosition: Number(position) }),
    partySize: reg.partySize,
    ticket: signTicket(secrets, event.ticketPrivateKey, event.id, reg.code),
    checkedInAt: reg.checkedInAt?.toISOString() ?? null,
    feedbackGiven: (await db.select({ id: eventFeedback.id }).from(eventFeedback).where(eq(eventFeedback.registrationId, reg.id)).limit(1)).length > 0,
    event: {
      id: event.id,
      title: event.title,
      venue: event.venue,
      address: event.address,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      status: event.status,
      cancellationNotice: event.cancellationNotice,
    },
  }
}

/** The event a registration code belongs to (for the calendar file, which carries no personal data). */
export async function eventOfCode(db: Db, code: string): Promise<EventRow | undefined> {
  const [row] = await db.select({ event: events }).from(registrations).innerJoin(events, eq(events.id, registrations.eventId)).where(and(eq(registrations.code, code), ne(registrations.status, 'cancelled'))).limit(1)
  return row?.event
}

/** Days after an event ends that names and phone numbers are kept (the consent notice promises this). */
export const RETENTION_DAYS = 30

/**
 * Erases names and phone numbers of registrations whose event ended more than RETENTION_DAYS ago. The
 * registration rows stay (codes, counts, check-ins) so statistics and the questionnaire still add up.
 */
export async function purgeExpiredPersonalData(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000)
  const rows = await db.update(registrations)
    .set(erasedPersonalData())
    .where(and(sql`${registrations.eventId} in (select id from ${events} where ${events.endsAt} < ${cutoff})`, ne(registrations.phoneEncrypted, '')))
    .returning({ id: registrations.id })
  return rows.length
}
