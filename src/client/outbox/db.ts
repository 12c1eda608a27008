// The outbox's IndexedDB store, one record per item keyed by its idempotency key. Used by the page and by
// the service worker: nothing here touches the DOM.
import type { DBSchema, IDBPDatabase } from 'idb'
import type { OutboxItem } from './model'
import { openDB } from 'idb'
import { OUTBOX_DB } from './model'

interface OutboxDb extends DBSchema {
  items: { key: string, value: OutboxItem }
}

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | undefined
function db() {
  dbPromise ??= openDB<OutboxDb>(OUTBOX_DB, 1, {
    upgrade(database) {
      database.createObjectStore('items', { keyPath: 'key' })
    },
    // another context opened a newer version: let it, and reopen next time
    blocking() {
      void dbPromise?.then(d => d.close())
      dbPromise = undefined
    },
  })
  return dbPromise
}

/** Every item, oldest first. */
export async function allItems(): Promise<OutboxItem[]> {
  return (await (await db()).getAll('items')).sort((a, b) => a.createdAt - b.createdAt)
}

/** Stores an item; the same key again replaces it (a double tap stores one item). */
export async function putItem(item: OutboxItem): Promise<void> {
  await (await db()).put('items', item)
}

export async function deleteItem(key: string): Promise<void> {
  await (await db()).delete('items', key)
}

/**
 * Changes one item in a single transaction: `change` sees the current record and returns the new one, or
 * undefined to leave it. Two contexts changing the same item are serialised by IndexedDB.
 */
export async function updateItem(key: string, change: (item: OutboxItem) => OutboxItem | undefined): Promise<OutboxItem | undefined> {
  const tx = (await db()).transaction('items', 'readwrite')
  const current = await tx.store.get(key)
  const next = current ? change(current) : undefined
  if (next)
    await tx.store.put(next)
  await tx.done
  return next
}
