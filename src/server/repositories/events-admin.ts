import type { AdminEvent, AdminRegistration, CheckinResult, EventInput } from '../../shared/schemas/events'
import type { Db } from '../db/client'
import type { EventSecrets } from '../services/event-secrets'
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { events, registrations } from '../db/schema'
import { toCsv } from '../services/csv'
import { decrypt } from '../services/event-secrets'
import { newTicketKeys } from '../services/tickets'
import { eventDetail, lockEvent } from './events'

/** Confirmed and checked-in registrations per event, as a subquery to join: one query however many events. */
function countsByEvent(db: Db) {
  return db.select({
    eventId: registrations.eventId,
    registered: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed')::int`.as('registered'),
    checkedIn: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed' and ${registrations.checkedInAt} is not null)::int`.as('checked_in'),
  }).from(registrations).groupBy(registrations.eventId).as('counts')
}

/** Events (newest first, at most 200, or the one asked for) with live counts: registered (confirmed), checked in, and no-shows once ended. */
async function eventsWithCounts(db: Db, now: Date, id?: number): Promise<AdminEvent[]> {
  const counts = countsByEvent(db)
  const rows = await db.select({ row: events, registered: counts.registered, checkedIn: counts.checkedIn })
    .from(events)
    .leftJoin(counts, eq(counts.eventId, events.id))
    .where(id === undefined ? undefined : eq(events.id, id))
    .orderBy(desc(events.startsAt), desc(events.id))
    .limit(200)
  return rows.map(({ row, registered: r, checkedIn: c }) => {
    const registered = Number(r ?? 0)
    const checkedIn = Number(c ?? 0)
    return { ...eventDetail(row, [], now), registered, checkedIn, noShow: now >= row.endsAt ? registered - checkedIn : 0 }
  })
}

/** An event with live counts: registered (confirmed), checked in, and no-shows once it has ended. */
export async function adminEvent(db: Db, id: number, now: Date): Promise<AdminEvent | undefined> {
  return (await eventsWithCounts(db, now, id))[0]
}

export function adminEvents(db: Db, now: Date): Promise<AdminEvent[]> {
  return eventsWithCounts(db, now)
}

function columnsOf(input: EventInput) {
  return {
    seriesId: input.seriesId ?? null,
    title: input.title.trim(),
    description: input.description,
    organiser: input.organiser.trim(),
    district: input.district,
    topic: input.topic,
    venue: input.venue.trim(),
    address: input.address.trim(),
    transitHint: input.transitHint,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    accessibility: input.accessibility,
    programme: input.programme,
    livestreamUrl: input.livestreamUrl ?? null,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    capacity: input.capacity,
    maxParty: input.maxParty,
    signupOpensAt: new Date(input.signupOpensAt),
    signupClosesAt: new Date(input.signupClosesAt),
  }
}

/** Creates an event with its own ticket-signing key pair. */
export async function createEvent(db: Db, secrets: EventSecrets, input: EventInput): Promise<number> {
  const keys = newTicketKeys(secrets)
  const [row] = await db.insert(events).values({ ...columnsOf(input), status: input.status ?? 'draft', ticketPublicKey: keys.publicKey, ticketPrivateKey: keys.privateKeySealed }).returning({ id: events.id })
  return row!.id
}

/**
 * Edits an event under its row lock. Capacity may not go below the places already confirmed; when it
 * grows, the waitlist is promoted at once (the caller does that in the same transaction).
 */
export async function updateEvent(tx: Db, id: number, input: EventInput): Promise<'ok' | 'not-found' | 'below-taken'> {
  const row = await lockEvent(tx, id)
  if (!row)
    return 'not-found'
  if (input.capacity < row.seatsTaken)
    return 'below-taken'
  await tx.update(events).set({ ...columnsOf(input), ...(input.status && row.status !== 'cancelled' ? { status: input.status } : {}), updatedAt: new Date() }).where(eq(events.id, id))
  return 'ok'
}

/** Opens sign-up now (and publishes a draft; a window already closed reopens until the start), or closes it now. */
export async function setSignupWindow(db: Db, id: number, action: 'open' | 'close', now: Date): Promise<boolean> {
  const set = action === 'open'
    ? { signupOpensAt: now, signupClosesAt: sql`case when ${events.signupClosesAt} <= ${now} then ${events.startsAt} else ${events.signupClosesAt} end`, status: sql`case when ${events.status} = 'draft' then 'published' else ${events.status} end` }
    : { signupClosesAt: now }
  const rows = await db.update(events).set({ ...set, updatedAt: now } as never).where(eq(events.id, id)).returning({ id: events.id })
  return rows.length > 0
}

/** Cancels an event: registrants see the notice on their tickets; nobody is promoted any more. */
export async function cancelEvent(db: Db, id: number, notice: string, now: Date): Promise<boolean> {
  const rows = await db.update(events).set({ status: 'cancelled', cancellationNotice: notice, updatedAt: now }).where(eq(events.id, id)).returning({ id: events.id })
  return rows.length > 0
}

/** Registrations with the phone masked; the waitlist in arrival order after the confirmed. */
export async function adminRegistrations(db: Db, eventId: number): Promise<AdminRegistration[]> {
  const rows = await db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(sql`case ${registrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`, asc(registrations.waitlistSeq), asc(registrations.id))
  let position = 0
  return rows.map(r => ({
    code: r.code,
    name: r.name,
    phoneMasked: r.phoneMasked,
    partySize: r.partySize,
    status: r.status,
    ...(r.status === 'waitlisted' ? { waitlistPosition: ++position } : {}),
    source: r.source,
    createdAt: r.createdAt.toISOString(),
    checkedInAt: r.checkedInAt?.toISOString() ?? null,
  }))
}

/** The full phone number of a registration, or undefined (no such code, or erased): shown through `auditedReveal`. */
export async function registrationPhone(db: Db, secrets: EventSecrets, eventId: number, code: string): Promise<string | undefined> {
  const [row] = await db.select({ phoneEncrypted: registrations.phoneEncrypted }).from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.code, code)))
  return row?.phoneEncrypted ? decrypt(secrets, row.phoneEncrypted).toString('utf8') : undefined
}

/**
 * Check-ins from the door, possibly made offline and synced late: each code is accepted once; a second
 * check-in (another phone, or the same one twice) is a duplicate that reports the first use, which is
 * kept as the earliest time any phone saw the ticket.
 */
export async function checkIn(db: Db, eventId: number, staffId: number, items: Array<{ code: string, at: Date }>): Promise<CheckinResult['results']> {
  const results: CheckinResult['results'] = []
  for (const { code, at } of items) {
    const [accepted] = await db.update(registrations).set({ checkedInAt: at, checkedInBy: staffId }).where(and(eq(registrations.eventId, eventId), eq(registrations.code, code), eq(registrations.status, 'confirmed'), isNull(registrations.checkedInAt))).returning({ checkedInAt: registrations.checkedInAt })
    if (accepted) {
      results.push({ code, outcome: 'accepted', checkedInAt: accepted.checkedInAt!.toISOString() })
      continue
    }
    const [again] = await db.update(registrations).set({ checkedInAt: sql`least(${registrations.checkedInAt}, ${at})` }).where(and(eq(registrations.eventId, eventId), eq(registrations.code, code), isNotNull(registrations.checkedInAt))).returning({ checkedInAt: registrations.checkedInAt })
    if (again) {
      results.push({ code, outcome: 'duplicate', checkedInAt: again.checkedInAt!.toISOString() })
      continue
    }
    const [exists] = await db.select({ id: registrations.id }).from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.code, code)))
    results.push({ code, outcome: exists ? 'not-confirmed' : 'unknown', checkedInAt: null })
  }
  return results
}

const CSV_STATUS = { confirmed: '已确认', waitlisted: '候补', cancelled: '已取消' } as const
const CSV_SOURCE = { online: '网上', phone: '电话' } as const

const shanghaiTime = (iso: string | null) => iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : ''

/** Registrations as CSV that Excel opens correctly: UTF-8 with a BOM, CRLF, formulas escaped, phones masked. */
export function registrationsCsv(rows: AdminRegistration[]): string {
  const header = ['报名编号', '姓名', '手机号（已隐藏）', '人数', '状态', '候补序号', '来源', '报名时间', '签到时间']
  return toCsv([header, ...rows.map(r => [r.code, r.name, r.phoneMasked, r.partySize, CSV_STATUS[r.status], r.waitlistPosition ?? '', CSV_SOURCE[r.source], shanghaiTime(r.createdAt), shanghaiTime(r.checkedInAt)])])
}
