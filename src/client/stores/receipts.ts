import type { ReceiptState } from '../../shared/constants'
import type { Receipt } from '../../shared/schemas/consultations'
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { getReceipt } from '../api/consultations'
import { ApiError } from '../api/http'

const KEY = 'gongkai.receipts'

/** A comment this device sent: enough to show it offline and to ask for its state. */
export interface SavedReceipt {
  receiptNumber: string
  /** the secret the server gave with the receipt: only this device can read the receipt */
  token: string
  consultationId: number
  consultationTitle: string
  articleNumber: string | null
  text: string
  createdAt: string
  state: ReceiptState
  reason: string | null
  checkedAt: string
  receipt?: Receipt
}

function read(): SavedReceipt[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(list) ? list as SavedReceipt[] : []
  }
  catch {
    return []
  }
}

/** The resident's own comments and receipts on this device, newest first; states refreshed when online. */
export const useReceiptsStore = defineStore('receipts', () => {
  const items = ref<SavedReceipt[]>(read())
  const refreshing = ref(false)

  watch(items, list => localStorage.setItem(KEY, JSON.stringify(list)), { deep: true })
  // another tab (or the outbox settling there) changed the list: follow it, so this tab does not write it back stale
  window.addEventListener('storage', (event) => {
    if (event.key === KEY)
      items.value = read()
  })

  function add(entry: SavedReceipt) {
    items.value = [entry, ...items.value.filter(r => r.receiptNumber !== entry.receiptNumber)]
  }

  function find(receiptNumber: string) {
    return items.value.find(r => r.receiptNumber === receiptNumber)
  }

  /** Forgets a receipt on this device (after its comment was deleted). */
  function remove(receiptNumber: string) {
    items.value = items.value.filter(r => r.receiptNumber !== receiptNumber)
  }

  /** Asks the server for one receipt's state and remembers it. */
  async function refreshOne(receiptNumber: string): Promise<Receipt | undefined> {
    const entry = find(receiptNumber)
    if (!entry)
      return undefined
    const receipt = await getReceipt(entry.receiptNumber, entry.token)
    Object.assign(entry, { state: receipt.state, reason: receipt.reason, articleNumber: receipt.articleNumber, checkedAt: new Date().toISOString(), receipt })
    return receipt
  }

  /** Every receipt's state, when online; a failure leaves the last known state. */
  async function refreshAll() {
    if (refreshing.value || !navigator.onLine)
      return
    refreshing.value = true
    try {
      await Promise.all(items.value.map(r => refreshOne(r.receiptNumber).catch((error) => {
        if (!(error instanceof ApiError))
          throw error
      })))
    }
    finally {
      refreshing.value = false
    }
  }

  return { items, refreshing, add, find, remove, refreshOne, refreshAll }
})
