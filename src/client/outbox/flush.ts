// Sending what waits in the outbox. The page (on `online`, at start) and the service worker (Background Sync)
// both call flushOutbox(): a Web Lock lets one sender at a time through, a claim in IndexedDB covers browsers
// without Web Locks, and the idempotency key makes any send that still happens twice count once on the server.
import type { OutboxItem, SendOutcome } from './model'
import { allItems, updateItem } from './db'
import { claimable, judge, keepAfter, OUTBOX_CHANNEL, OUTBOX_LOCK, sendOrder } from './model'

export interface FlushReport { sent: number, failed: number, waiting: number, offline: boolean }

/** Messages on the outbox channel: `changed` after a send (someone should settle), `settled` once stores have the results. */
export interface OutboxMessage { type: 'changed' | 'settled' }

function lockManager(): LockManager | undefined {
  return (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks
}

/**
 * Runs `work` holding the outbox lock where the browser has Web Locks; `work` learns whether it holds it.
 * With `wait: false` it gives up at once when another context holds the lock (that one is already sending).
 */
export async function withOutboxLock<T>(work: (locked: boolean) => Promise<T>, wait: boolean): Promise<T | undefined> {
  const locks = lockManager()
  if (!locks)
    return work(false)
  return locks.request(OUTBOX_LOCK, { ifAvailable: !wait }, async lock => lock ? work(true) : undefined)
}

let channel: BroadcastChannel | undefined

/**
 * This context's one outbox channel (the page's, or the service worker's own), for posting and listening
 * alike: a BroadcastChannel never receives its own messages, so a page does not settle or reload twice on
 * what it said itself. Undefined where the browser has no BroadcastChannel.
 */
export function outboxChannel(): BroadcastChannel | undefined {
  if (typeof BroadcastChannel === 'undefined')
    return undefined
  channel ??= new BroadcastChannel(OUTBOX_CHANNEL)
  return channel
}

/** Tells every other context (open pages, other tabs, the service worker's pages) that the outbox changed. */
export function announce(message: OutboxMessage) {
  outboxChannel()?.postMessage(message)
}

async function send(item: OutboxItem): Promise<SendOutcome> {
  let res: Response
  try {
    res = await fetch(item.url, {
      method: 'POST',
      headers: { 'accept': 'application/json', 'content-type': 'application/json', ...item.headers, 'idempotency-key': item.key },
      body: JSON.stringify(item.body),
      credentials: 'same-origin',
    })
  }
  catch {
    return { ok: false, network: true }
  }
  const data = await res.json().catch(() => undefined) as { detail?: string, field?: string } | undefined
  return res.ok ? { ok: true, result: data } : { ok: false, network: false, status: res.status, problem: data }
}

/** What a send did to an item. */
export function afterSend(item: OutboxItem, outcome: SendOutcome): OutboxItem {
  const verdict = judge(item.kind, outcome)
  const attempts = item.attempts + 1
  if (verdict.state === 'waiting') {
    const { claimedAt: _claimed, ...rest } = item
    return { ...rest, state: 'waiting', attempts } as OutboxItem
  }
  const kept = keepAfter(item, verdict.state, verdict.problem)
  const { claimedAt: _claimed, ...rest } = kept
  return {
    ...rest,
    state: verdict.state,
    attempts,
    ...(verdict.problem ? { problem: verdict.problem } : {}),
    ...(outcome.ok ? { result: outcome.result } : {}),
  } as OutboxItem
}

/**
 * Sends every item that waits, oldest first, each with its own idempotency key. Stops at the first network
 * failure (the rest would fail too). Undefined when another context was sending already.
 */
export async function flushOutbox(): Promise<FlushReport | undefined> {
  const report = await withOutboxLock(async (locked) => {
    const report: FlushReport = { sent: 0, failed: 0, waiting: 0, offline: false }
    for (const candidate of sendOrder(await allItems())) {
      if (candidate.state === 'sent' || candidate.state === 'failed')
        continue
      if (report.offline) {
        report.waiting++
        continue
      }
      const now = Date.now()
      const claimed = await updateItem(candidate.key, item => claimable(item, now, locked) && item.body ? { ...item, state: 'sending', claimedAt: now } : undefined)
      if (!claimed)
        continue
      const outcome = await send(claimed)
      const next = await updateItem(claimed.key, item => afterSend(item, outcome))
      if (next?.state === 'sent')
        report.sent++
      else if (next?.state === 'failed')
        report.failed++
      else
        report.waiting++
      if (!outcome.ok && outcome.network)
        report.offline = true
    }
    return report
  }, false)
  if (report && (report.sent || report.failed))
    announce({ type: 'changed' })
  return report
}
