import type { AnyColumn, SQL } from 'drizzle-orm'
import type { SignupState } from '../../shared/constants'
import type { EventDetail, EventListQuery, EventSummary, RegistrationState } from '../../shared/schemas/events'
import type { Db } from '../db/client'
import type { EventSecrets } from '../services/event-secrets'
import type { Claim } from '../services/idempotency'
import { and, asc, eq, getTableColumns, gt, inArray, ne, sql } from 'drizzle-orm'
import { executePrepared } from '../db/client'
import { isUniqueViolation } from '../db/errors'
import { eventFeedback, events, idempotencyKeys, registrations } from '../db/schema'
import { HttpProblem } from '../problems'
import { encrypt, manageToken, maskPhone, phoneHash, registrationCode, sha256 } from '../services/event-secrets'
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

/** A phone with a live registration for the event already: 409, and nothing written for that sign-up. */
export class DuplicatePhone extends HttpProblem {
  constructor() {
    super('conflict', { detail: DUPLICATE_PROBLEM, field: 'phone' })
  }
}

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

/** One sign-up for `takePlaces`. */
export interface PlaceRequest {
  prepared: PreparedRegistration
  /** a resident's sign-up: the key it is taken under; nothing is written unless this claim is taken */
  claim?: Claim
  /** a resident's sign-up: the window must be open at this time (staff taking a call ignore it) */
  openAt?: Date
}

/** Where a sign-up stands the moment its statement commits: confirmed, or waitlisted at a place in the queue. */
export type Taken = { status: 'confirmed' } | { status: 'waitlisted', waitlistPosition: number }

interface PlacedRow { n: number, confirmed: boolean | null, position: number | null, duplicate: boolean }

/**
 * Strings as a text parameter sends them (UTF-8, a lone surrogate as U+FFFD), for a JSON parameter: for a lone
 * surrogate JSON.stringify writes `\ud800`, which PostgreSQL's jsonb refuses.
 */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\p{Cs}/gu, '\uFFFD') : value
}

/**
 * Takes places or waitlist numbers for sign-ups to one event, in arrival order and in one statement, as if
 * each ran alone one after the other: a party that fits what is left is confirmed, one that does not is
 * waitlisted and a smaller one behind it may still fit. The statement first locks the event row (`for update`,
 * which waits for the last holder and reads the row as it left it); everything after is decided from that row:
 * the event published, the party no larger than it allows and, with `openAt`, the window open; the places
 * left; the next waitlist numbers, and `waitlisted`, the count of waitlisted registrations, whose new value is
 * a newly waitlisted sign-up's place in the queue. Run with no transaction around it, the lock is held for this
 * statement only, as a plain UPDATE's is (bench/run.ts part 5), never across a round trip; two statements (in
 * one process or two) can never both see the last place free, and `events_seats_check` would refuse it anyway.
 *
 * A sign-up with a `claim` is written only when its key is claimed here, so only when the event is open under
 * the lock: undefined otherwise (the key was taken by an earlier or concurrent request, or the event is not
 * open: `onceInOneStatement` tells which). A key carried twice is claimed once, and only the sign-up whose
 * answer was stored with it goes ahead (the claim returns the stored code). A sign-up whose phone already has a
 * live registration for the event, or shares it with an earlier sign-up of the batch, is a `DuplicatePhone`
 * (409), with nothing written for it, unless its key was stored before (a retry, replayed). A registration
 * committed by another process after the statement's snapshot still breaks the unique index and undoes the
 * whole statement: `DuplicatePhone` is thrown, and `takePlaceInTurn` runs each sign-up of that batch alone.
 */
export async function takePlaces(db: Db, eventId: number, requests: readonly PlaceRequest[]): Promise<Array<Taken | DuplicatePhone | undefined>> {
  let rows: PlacedRow[]
  try {
    rows = (await executePrepared<PlacedRow>(db, 'take-places', placesStatement(eventId, requests))).rows
  }
  catch (error) {
    if (isUniqueViolation(error))
      throw new DuplicatePhone()
    throw error
  }
  const taken: Array<Taken | DuplicatePhone | undefined> = requests.map(() => undefined)
  for (const row of rows) {
    if (row.duplicate)
      taken[row.n] = new DuplicatePhone()
    else if (row.confirmed !== null)
      taken[row.n] = row.confirmed ? { status: 'confirmed' } : { status: 'waitlisted', waitlistPosition: Number(row.position) }
  }
  return taken
}

/** `takePlaces`' statement, on its own so a test can read its plan. */
export function placesStatement(eventId: number, requests: readonly PlaceRequest[]): SQL {
  const items = requests.map(({ prepared: { partySize, row: r, code }, claim, openAt }, n) => ({
    n,
    code,
    manage_token_hash: r.manageTokenHash,
    name: r.name,
    phone_hash: r.phoneHash,
    phone_encrypted: r.phoneEncrypted,
    phone_masked: r.phoneMasked,
    party_size: partySize,
    source: r.source,
    created_at: r.now.toISOString(),
    created_by: r.staffId ?? null,
    open_at: openAt?.toISOString() ?? null,
    ...(claim && { claim_scope: claim.scope, claim_key: claim.key, request_hash: claim.requestHash, answer_status: claim.status, answer: claim.response }),
  }))
  return sql`with recursive items as (
        select * from jsonb_to_recordset(${JSON.stringify(items, wellFormed)}::jsonb) as i(n int, code text, manage_token_hash text, name text,
          phone_hash text, phone_encrypted text, phone_masked text, party_size int, source text, created_at timestamptz,
          created_by int, open_at timestamptz, claim_scope text, claim_key text, request_hash text, answer_status int, answer jsonb)
      ), ev as (
        select capacity - seats_taken as free, waitlist_seq, waitlisted, status, max_party, signup_opens_at, signup_closes_at, starts_at
        from ${events} where id = ${eventId} for update
      ), open_items as (
        select i.* from items i join ev on ev.status = 'published' and i.party_size <= ev.max_party and (i.open_at is null
          or (ev.signup_opens_at <= i.open_at and i.open_at < ev.signup_closes_at and i.open_at < ev.starts_at))
      ), duplicates as (
        -- each sign-up probes the two unique indexes by itself (lateral, limit 1): as an EXISTS the planner may
        -- hash the whole subquery instead, reading every registration of the event and every key ever stored
        select o.n from open_items o
          left join lateral (select 1 as hit from ${idempotencyKeys} k where k.scope = o.claim_scope and k.key = o.claim_key limit 1) stored on true
          left join lateral (select 1 as hit from ${registrations} r
            where r.event_id = ${eventId} and r.phone_hash = o.phone_hash and r.status <> 'cancelled' limit 1) registered on true
        where stored.hit is null and (registered.hit is not null
          or exists (select 1 from open_items e where e.phone_hash = o.phone_hash and e.n < o.n and not (e.claim_key is not null and e.claim_key = o.claim_key)))
      ), claims as (
        insert into ${idempotencyKeys} (scope, key, request_hash, status, response)
        select claim_scope, claim_key, request_hash, answer_status, answer from open_items
        where claim_key is not null and n not in (select n from duplicates)
        on conflict do nothing returning scope, key, response->>'code' as code
      ), claimed as (
        select row_number() over (order by o.n) as k, o.* from open_items o
        where o.n not in (select n from duplicates)
          and (o.claim_key is null or exists (select 1 from claims c where c.scope = o.claim_scope and c.key = o.claim_key and c.code = o.code))
      ), fit (k, free, confirmed) as (
        select 0::bigint, (select free from ev), true
        union all
        select c.k, case when c.party_size <= f.free then f.free - c.party_size else f.free end, c.party_size <= f.free
        from fit f join claimed c on c.k = f.k + 1
      ), placed as (
        select c.*, f.confirmed, count(*) filter (where not f.confirmed) over (order by c.k) as waiting
        from claimed c join fit f on f.k = c.k
      ), event_row as (
        update ${events} set seats_taken = seats_taken + (select coalesce(sum(party_size), 0) from placed where confirmed),
          waitlist_seq = waitlist_seq + (select count(*) from placed where not confirmed),
          waitlisted = waitlisted + (select count(*) from placed where not confirmed)
        where id = ${eventId} and exists (select 1 from placed)
      ), reg as (
        insert into ${registrations} (event_id, code, manage_token_hash, name, phone_hash, phone_encrypted, phone_masked,
          party_size, status, waitlist_seq, source, consent_at, created_at, created_by)
        select ${eventId}, p.code, p.manage_token_hash, p.name, p.phone_hash, p.phone_encrypted, p.phone_masked, p.party_size,
          case when p.confirmed then 'confirmed' else 'waitlisted' end, case when not p.confirmed then ev.waitlist_seq + p.waiting end,
          p.source, p.created_at, p.created_at, p.created_by
        from placed p cross join ev
      )
      select i.n, p.confirmed, case when not p.confirmed then (ev.waitlisted + p.waiting)::int end as position,
        i.n in (select n from duplicates) as duplicate
      from items i left join placed p on p.n = i.n left join ev on true`
}

/**
 * One sign-up's place, in its own statement (`takePlaces`); staff taking a call pass no claim, and a sign-up
 * that takes nothing is told why (`refusalOf`).
 */
export async function takePlace(db: Db, request: PlaceRequest): Promise<Taken | undefined> {
  const [taken] = await takePlaces(db, request.prepared.row.event.id, [request])
  if (taken instanceof DuplicatePhone)
    throw taken
  if (!taken && !request.claim)
    throw await refusalOf(db, request.prepared.row.event.id, request.prepared.partySize, request.openAt)
  return taken
}

/**
 * Why a sign-up was refused, from the event as it is now, in the order a resident is told: not found, the
 * window (cancelled included), the party size.
 */
export async function refusalOf(db: Db, eventId: number, partySize: number, openAt?: Date): Promise<HttpProblem> {
  const row = await getEventRow(db, eventId)
  if (!row || row.status === 'draft')
    return new HttpProblem('not-found')
  const state = openAt ? signupState(row, openAt) : row.status === 'cancelled' ? 'cancelled' : 'open'
  if (state !== 'open')
    return new HttpProblem('conflict', { detail: WINDOW_PROBLEMS[state] })
  if (partySize > row.maxParty)
    return new HttpProblem('validation', partyTooLarge(row.maxParty))
  // open as read now: it changed back since the statement; the resident may simply try again
  return new HttpProblem('conflict')
}

/** A sign-up in one go (the demo content): `prepareRegistration`, then `takePlace`. */
export async function register(tx: Db, secrets: EventSecrets, r: NewRegistration): Promise<RegistrationOutcome> {
  const prepared = prepareRegistration(secrets, r)
  const { code, partySize, ticket } = prepared
  return { code, ...(await takePlace(tx, { prepared }))!, partySize, ticket }
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
