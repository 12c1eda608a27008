// Background Sync for the outbox (src/client/outbox): when the connection returns, even with the app closed,
// the browser wakes the worker with the `gongkai-outbox` tag and it sends what waits. The open pages are told
// on the outbox BroadcastChannel; they (or the next start) turn the results into receipts and tickets.
import { flushOutbox } from '../client/outbox/flush'
import { OUTBOX_SYNC_TAG } from '../client/outbox/model'

declare const self: ServiceWorkerGlobalScope

interface SyncEvent extends ExtendableEvent { readonly tag: string }

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent
  if (sync.tag !== OUTBOX_SYNC_TAG)
    return
  sync.waitUntil(flushOutbox().then((report) => {
    // still no network: rejecting asks the browser to fire the sync again later
    if (report?.offline)
      throw new Error('outbox: still offline')
  }))
})
