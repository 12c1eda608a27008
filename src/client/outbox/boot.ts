// The only outbox code in the entry: a flag in localStorage says whether anything was ever queued, so an
// app start with an empty outbox loads neither IndexedDB code nor the sender.
const FLAG = 'gongkai.outbox'

export function markOutboxUsed() {
  localStorage.setItem(FLAG, '1')
}

/** Whether anything was queued on this device and not yet settled. */
export const outboxUsed = () => localStorage.getItem(FLAG) !== null

export function clearOutboxFlag() {
  localStorage.removeItem(FLAG)
}

/** At app start: sends and settles what waits, and listens for the connection coming back. */
export function bootOutbox() {
  if (outboxUsed())
    void import('./client').then(m => m.startOutbox())
}
