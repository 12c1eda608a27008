// The page's side of the outbox: queue a submission, send when the connection returns, and turn what was
// sent into the resident's receipts, tickets and questions. Loaded only when something is or was queued.
import type { CommentCreated } from '../../shared/schemas/consultations'
import type { SignUpResult } from '../../shared/schemas/events'
import type { QuestionReceipt } from '../../shared/schemas/library'
import type { OutboxMessage } from './flush'
import type { OutboxItem } from './model'
import { useQuestionsStore } from '../stores/questions'
import { useReceiptsStore } from '../stores/receipts'
import { useRegistrationsStore } from '../stores/registrations'
import { useSettingsStore } from '../stores/settings'
import { clearOutboxFlag, markOutboxUsed } from './boot'
import { allItems, deleteItem, putItem } from './db'
import { announce, flushOutbox, outboxChannel, withOutboxLock } from './flush'
import { OUTBOX_SYNC_TAG } from './model'
import { useOutboxStore } from './store'

type Distribute<T> = T extends unknown ? Omit<T, 'state' | 'attempts' | 'createdAt' | 'headers' | 'claimedAt' | 'problem' | 'result'> & { headers?: Record<string, string> } : never
/** A submission to queue: its kind, URL, exact body, idempotency key and what to show while it waits. */
export type NewOutboxItem = Distribute<OutboxItem>

interface SyncRegistration { sync?: { register: (tag: string) => Promise<void> } }

/** Asks the service worker to send when the connection returns, where the browser has Background Sync. */
async function requestBackgroundSync() {
  try {
    if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller)
      return
    const registration = await navigator.serviceWorker.ready as ServiceWorkerRegistration & SyncRegistration
    await registration.sync?.register(OUTBOX_SYNC_TAG)
  }
  catch {
    // refused (permission, private mode): the page sends on `online` and at the next start instead
  }
}

/** The receipt, ticket or question a sent item becomes, in the store where the resident looks for it. */
function intoStore(item: OutboxItem) {
  if (!item.result)
    return
  switch (item.kind) {
    case 'comment': {
      const created = item.result as CommentCreated
      useReceiptsStore().add({
        receiptNumber: created.receiptNumber,
        token: created.receiptToken,
        consultationId: item.about.consultationId,
        consultationTitle: item.about.consultationTitle,
        articleNumber: item.about.articleNumber,
        text: item.text,
        createdAt: new Date(item.createdAt).toISOString(),
        state: 'pending',
        reason: null,
        checkedAt: new Date().toISOString(),
      })
      break
    }
    case 'question':
      useQuestionsStore().add(item.result as QuestionReceipt, { id: item.about.documentId, title: item.about.documentTitle }, item.text, new Date(item.createdAt).toISOString())
      break
    case 'signup':
      useRegistrationsStore().add(item.result as SignUpResult, item.about.event)
      break
  }
}

/**
 * Moves every sent item into its store, then out of the outbox. Holding the lock, so two tabs do not both
 * do it; the stores ignore a receipt or ticket they already have, should it happen anyway.
 */
export async function settle(): Promise<number> {
  const moved = await withOutboxLock(async () => {
    let n = 0
    const items = await allItems()
    for (const item of items.filter(i => i.state === 'sent')) {
      intoStore(item)
      await deleteItem(item.key)
      n++
    }
    if (items.length === n)
      clearOutboxFlag()
    return n
  }, true) ?? 0
  await useOutboxStore().load()
  if (moved)
    announce({ type: 'settled' })
  return moved
}

let retryTimer: ReturnType<typeof setTimeout> | undefined
let sending: Promise<void> | undefined
let again = false

/**
 * Sends what waits (if the browser thinks it is online) and settles what was sent. One run at a time per
 * page; a call during a run (the `online` event while the start-up run is still settling) runs once more
 * after it, so that a connection that returns mid-run is not missed.
 */
export function sendNow(): Promise<void> {
  if (sending) {
    again = true
    return sending
  }
  sending = (async () => {
    try {
      do {
        again = false
        clearTimeout(retryTimer)
        if (navigator.onLine) {
          const report = await flushOutbox()
          // the server was busy or the connection flaky while "online": try again in a while
          if (report?.waiting && !report.offline)
            retryTimer = setTimeout(() => void sendNow(), 30_000)
        }
        await settle()
      } while (again)
    }
    finally {
      sending = undefined
    }
  })()
  return sending
}

let started = false

/** Listens for the connection, for the service worker and for other tabs; sends and settles once now. */
export function startOutbox(): Promise<void> {
  if (!started) {
    started = true
    window.addEventListener('online', () => void sendNow())
    const channel = outboxChannel()
    if (channel) {
      channel.onmessage = (event: MessageEvent<OutboxMessage>) => {
        // the service worker or another tab sent something: settle it here too (the lock keeps it once)
        if (event.data?.type === 'changed')
          void settle()
        else
          void useOutboxStore().load()
      }
    }
  }
  return sendNow()
}

/**
 * Queues a submission that could not reach the server, with the idempotency key it was (or would have
 * been) sent with, and starts trying to send it.
 */
export async function enqueue(draft: NewOutboxItem): Promise<void> {
  const { headers, ...rest } = draft
  const item = {
    ...rest,
    headers: { 'accept-language': useSettingsStore().locale, ...headers },
    state: 'waiting',
    attempts: 0,
    createdAt: Date.now(),
  } as OutboxItem
  await putItem(item)
  markOutboxUsed()
  await useOutboxStore().load()
  announce({ type: 'settled' })
  await requestBackgroundSync()
  void startOutbox()
}
