import type { ReceiptState } from '../../shared/constants'
import type { Receipt } from '../../shared/schemas/consultations'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getReceipt } from '../api/consultations'
import { ApiError } from '../api/http'
import { storedList } from '../composables/stored-list'

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

/** The resident's own comments and receipts on this device, newest first; states refreshed when online. */
export const useReceiptsStore = defineStore('receipts', () => {
  const items = storedList<SavedReceipt>(KEY)
  const refreshing = ref(false)

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
