import type { OutboxItem, OutboxKind } from './model'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { outboxUsed } from './boot'
import { allItems, deleteItem } from './db'

/**
 * What waits in the outbox, for the pages that list the resident's own things (待发送 beside their receipts,
 * tickets and questions). Read from IndexedDB; the outbox client reloads it whenever anything changes.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const items = ref<OutboxItem[]>([])
  /** sent items are on their way into the receipts, tickets and questions: they are not shown twice */
  const visible = computed(() => items.value.filter(i => i.state !== 'sent'))
  const ofKind = <K extends OutboxKind>(kind: K) => visible.value.filter((i): i is Extract<OutboxItem, { kind: K }> => i.kind === kind)

  async function load() {
    try {
      // nothing was ever queued here: do not even open (and so create) the database
      items.value = outboxUsed() ? await allItems() : []
    }
    catch {
      // no IndexedDB (some private modes): nothing can have been queued either
      items.value = []
    }
  }

  /** Forgets an item that cannot be sent (the resident has copied what they need). */
  async function remove(key: string) {
    await deleteItem(key)
    await load()
  }

  return { items, visible, ofKind, load, remove }
})
