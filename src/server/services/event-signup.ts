import type { SignUpResult } from '../../shared/schemas/events'
import type { Db } from '../db/client'
import { HttpProblem } from '../problems'
import { prepareRegistration, refusalOf, registrationStanding, sealedTicketKey, takePlace } from '../repositories/events'
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
 * so the event row's lock is never held across a round trip (services/idempotency.ts), and the only read
 * before it is a cached one: the event's ticket key, to sign the ticket with.
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
      write: claim => takePlace(db, prepared, { claim, openAt: s.now }),
      refusal: () => refusalOf(db, s.eventId, partySize, s.now),
    }
  })
  const { code, partySize, ticket } = answer.body
  const standing = answer.written ?? await registrationStanding(db, code)
  if (!standing)
    throw new HttpProblem('not-found')
  return { code, ...standing, partySize, ticket, manageToken: manageToken(secrets, code), replayed: answer.replayed }
}
