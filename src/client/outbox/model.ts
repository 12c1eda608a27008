// The outbox: a comment, a question or a sign-up made with no network waits here (IndexedDB) until it is sent.
// This file is pure (no DOM, no IndexedDB): what an item is, what an answer means for it, what it keeps.
// It runs in the page and in the service worker (src/sw/outbox-sync.ts), so it uses nothing of either.
import type { CommentBody, CommentCreated } from '../../shared/schemas/consultations'
import type { SignUpBody, SignUpResult } from '../../shared/schemas/events'
import type { AskQuestionBody, QuestionReceipt } from '../../shared/schemas/library'

export const OUTBOX_DB = 'gongkai-outbox'
/** The Background Sync tag, the Web Lock and the BroadcastChannel all go by this name. */
export const OUTBOX_SYNC_TAG = 'gongkai-outbox'
export const OUTBOX_LOCK = 'gongkai-outbox'
export const OUTBOX_CHANNEL = 'gongkai-outbox'
/** A claim older than this is taken to be from a sender that died (only where Web Locks are missing). */
export const STALE_CLAIM_MS = 60_000

export interface CommentAbout { consultationId: number, consultationTitle: string, articleAnchor: string | null, articleNumber: string | null }
export interface QuestionAbout { documentId: number, documentTitle: string }
export interface SignupAbout { event: { id: number, title: string, venue: string, address: string, startsAt: string, endsAt: string } }

/** What went wrong for good, in the words the server used (in the resident's language at the time). */
export interface OutboxProblem {
  /** closed: the consultation or the sign-up window ended; invalid: a field was refused; other: anything else for good */
  reason: 'closed' | 'invalid' | 'gone' | 'other'
  status: number
  detail: string
  field?: string
}

interface Base {
  /** the Idempotency-Key, made when the resident tapped submit and reused on every retry */
  key: string
  /** what the resident typed, to show while it waits (comment or question text; for a sign-up, empty) */
  text: string
  state: 'waiting' | 'sending' | 'sent' | 'failed'
  /** epoch milliseconds */
  createdAt: number
  attempts: number
  /** when a sender claimed it (state `sending`), epoch milliseconds */
  claimedAt?: number
  problem?: OutboxProblem
  /** headers sent with it besides the idempotency key: accept-language */
  headers: Record<string, string>
}

export type OutboxItem = Base & (
  | { kind: 'comment', url: string, body: CommentBody | null, about: CommentAbout, result?: CommentCreated }
  | { kind: 'question', url: string, body: AskQuestionBody | null, about: QuestionAbout, result?: QuestionReceipt }
  | { kind: 'signup', url: string, body: SignUpBody | null, about: SignupAbout & { partySize: number }, result?: SignUpResult }
)
export type OutboxKind = OutboxItem['kind']

/** What a send came to. */
export type SendOutcome
  = | { ok: true, result: unknown }
    | { ok: false, network: true }
    | { ok: false, network: false, status: number, problem?: { detail?: string, field?: string } }

/**
 * Whether an answer ends the item: sent, failed for good, or to be tried again. No network, a server error,
 * too many requests and a timeout are tried again (with the same key, so the server counts the item once);
 * any other 4xx will not change by retrying.
 */
export function judge(kind: OutboxKind, outcome: SendOutcome): { state: 'sent' | 'waiting' | 'failed', problem?: OutboxProblem } {
  if (outcome.ok)
    return { state: 'sent' }
  if (outcome.network || outcome.status >= 500 || outcome.status === 429 || outcome.status === 408 || outcome.status === 0)
    return { state: 'waiting' }
  const detail = outcome.problem?.detail ?? ''
  const field = outcome.problem?.field
  if (outcome.status === 400 || outcome.status === 422)
    return { state: 'failed', problem: { reason: 'invalid', status: outcome.status, detail, ...(field ? { field } : {}) } }
  if (outcome.status === 404 || outcome.status === 410)
    return { state: 'failed', problem: { reason: 'gone', status: outcome.status, detail } }
  // 409: the consultation closed or is not open yet, the sign-up window shut, or the phone already signed up
  if (outcome.status === 409)
    return { state: 'failed', problem: { reason: kind === 'question' ? 'other' : 'closed', status: 409, detail } }
  return { state: 'failed', problem: { reason: 'other', status: outcome.status, detail } }
}

/**
 * What the device keeps of an item once it is sent or cannot be: nothing personal. A sign-up loses its
 * name and phone number, a comment or question its contact details; an item refused as invalid keeps
 * everything, so the resident can correct it.
 */
export function keepAfter(item: OutboxItem, state: 'sent' | 'failed', problem?: OutboxProblem): OutboxItem {
  if (state === 'failed' && problem?.reason === 'invalid')
    return item
  const { claimedAt: _claimed, ...rest } = item
  return { ...rest, body: null } as OutboxItem
}

/** Whether a sender may take the item now. `locked`: this sender holds the outbox lock, so no one else sends. */
export function claimable(item: OutboxItem, now: number, locked: boolean): boolean {
  if (item.state === 'waiting')
    return true
  if (item.state === 'sending')
    return locked || now - (item.claimedAt ?? 0) > STALE_CLAIM_MS
  return false
}

/** The items still to send, oldest first: what the resident did first reaches the server first. */
export function sendOrder(items: OutboxItem[]): OutboxItem[] {
  return [...items].sort((a, b) => a.createdAt - b.createdAt)
}
