import type { SignUpResult } from '../../shared/schemas/events'
import type { Db } from '../db/client'
import type { PlaceRequest, Taken } from '../repositories/events'
import { HttpProblem } from '../problems'
import { DuplicatePhone, prepareRegistration, refusalOf, registrationStanding, sealedTicketKey, takePlaces } from '../repositories/events'
import { eventSecrets, manageToken } from './event-secrets'
import { onceInOneStatement } from './idempotency'

/** A sign-up's idempotency scope: one key is one sign-up to one event. */
export const signupScope = (params: { id: number }) => `event-signup:${params.id}`

export interface OnlineSignUp {
  eventId: number
  /** the name as normalised, the phone as the schema checked it */
  name: string
  phone: string
  partySize: number
  /** the request's Idempotency-Key, and the body it came with (a retry must bring the same) */
  key: string
  body: unknown
  now: Date
}

/**
 * A resident's sign-up, once per Idempotency-Key. The stored answer is the registration's code and ticket;
 * where it stands (confirmed, or waitlisted and where) comes from the statement itself, and a retry reads it
 * again, so it learns where it stands now. The place is taken by one statement with no transaction around it,
 * so the event row's lock is never held across a round trip (services/idempotency.ts), shared with the other
 * sign-ups to the same event that arrive meanwhile (`takePlaceInTurn`), and the only read before it is a cached
 * one: the event's ticket key, to sign the ticket with.
 */
export async function signUpOnline(db: Db, s: OnlineSignUp): Promise<SignUpResult & { replayed: boolean }> {
  const secrets = await eventSecrets(db)
  const answer = await onceInOneStatement(db, signupScope({ id: s.eventId }), s.key, s.body, async () => {
    const ticketPrivateKey = await sealedTicketKey(db, s.eventId)
    if (!ticketPrivateKey)
      throw new HttpProblem('not-found')
    const prepared = prepareRegistration(secrets, { event: { id: s.eventId, ticketPrivateKey }, name: s.name, phone: s.phone, partySize: s.partySize, source: 'online', now: s.now })
    const { code, partySize, ticket } = prepared
    return {
      answer: { status: 201, body: { code, partySize, ticket } },
      write: claim => takePlaceInTurn(db, s.eventId, { prepared, claim, openAt: s.now }),
      refusal: () => refusalOf(db, s.eventId, partySize, s.now),
    }
  })
  const { code, partySize, ticket } = answer.body
  const standing = answer.written ?? await registrationStanding(db, code)
  if (!standing)
    throw new HttpProblem('not-found')
  return { code, ...standing, partySize, ticket, manageToken: manageToken(secrets, code), replayed: answer.replayed }
}

/** The most sign-ups one statement takes places for. */
const MOST_AT_ONCE = 100

interface Waiting { request: PlaceRequest, resolve: (taken: Taken | undefined) => void, reject: (error: unknown) => void }

/** Per database, per event: the sign-ups waiting for the statement that is running to finish. */
const lines = new WeakMap<Db, Map<number, Waiting[]>>()

/**
 * A sign-up's place, taken by the next statement for its event (group commit). With nothing running for the
 * event, a statement starts in the next turn of the event loop (`setImmediate`), for every sign-up that arrived
 * in this one; sign-ups that arrive while it runs wait and go together in the next (`takePlaces`, in arrival
 * order, as if each ran alone). In a rush that is one statement, one commit and one change to the event row for
 * many sign-ups instead of one each: they would only have queued for that row's lock, each on a connection of
 * its own. On PGlite, which runs a statement on this thread, that turn is also when the requests read meanwhile
 * reach this point. A phone already registered is refused by the statement for that sign-up alone; only when a
 * registration committed by another process meanwhile breaks the unique index, undoing the whole statement, do
 * the batch's sign-ups run again one by one. Any other failure fails the whole batch. Each process keeps
 * its own line: two processes' statements for one event queue for its row's lock as before.
 */
export function takePlaceInTurn(db: Db, eventId: number, request: PlaceRequest): Promise<Taken | undefined> {
  let byEvent = lines.get(db)
  if (!byEvent)
    lines.set(db, byEvent = new Map())
  let line = byEvent.get(eventId)
  if (!line) {
    byEvent.set(eventId, line = [])
    setImmediate(runLine, db, eventId, byEvent, line)
  }
  const waiting = line
  return new Promise((resolve, reject) => waiting.push({ request, resolve, reject }))
}

function settle(batch: Waiting[], taken: Array<Taken | DuplicatePhone | undefined>) {
  batch.forEach((w, i) => {
    const outcome = taken[i]
    if (outcome instanceof DuplicatePhone)
      w.reject(outcome)
    else
      w.resolve(outcome)
  })
}

/** One turn of the event loop, between two statements of a line: the requests read meanwhile join the next. */
const nextTurn = () => new Promise(resolve => setImmediate(resolve))

async function runLine(db: Db, eventId: number, byEvent: Map<number, Waiting[]>, line: Waiting[]) {
  for (let batch = line.splice(0, MOST_AT_ONCE); batch.length > 0; batch = await nextTurn().then(() => line.splice(0, MOST_AT_ONCE))) {
    try {
      settle(batch, await takePlaces(db, eventId, batch.map(w => w.request)))
    }
    catch (error) {
      // a phone registered by another process since the statement's snapshot: only its own sign-up is refused
      if (error instanceof DuplicatePhone && batch.length > 1) {
        for (const w of batch)
          await takePlaces(db, eventId, [w.request]).then(taken => settle([w], taken), w.reject)
      }
      else {
        batch.forEach(w => w.reject(error))
      }
    }
  }
  byEvent.delete(eventId)
}
