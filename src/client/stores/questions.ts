import type { OwnQuestion, QuestionReceipt } from '../../shared/schemas/library'
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { ownQuestion } from '../api/library'

const KEY = 'gongkai.questions'

/** What the device keeps of a question it asked: enough to show it and read its answer, no contact details. */
export interface StoredQuestion {
  receiptNumber: string
  receiptToken: string
  documentId: number
  documentTitle: string
  text: string
  dueOn: string
  status: OwnQuestion['status']
  answer: string | null
  answeredBy: string | null
  askedAt: string
}

/** The resident's own questions on this device, listed under 我的 and refreshed when online. */
export const useQuestionsStore = defineStore('questions', () => {
  const items = ref<StoredQuestion[]>(JSON.parse(localStorage.getItem(KEY) ?? '[]') as StoredQuestion[])
  watch(items, v => localStorage.setItem(KEY, JSON.stringify(v)), { deep: true })

  function add(receipt: QuestionReceipt, doc: { id: number, title: string }, text: string) {
    items.value.unshift({ receiptNumber: receipt.receiptNumber, receiptToken: receipt.receiptToken, documentId: doc.id, documentTitle: doc.title, text, dueOn: receipt.dueOn, status: receipt.status, answer: null, answeredBy: null, askedAt: new Date().toISOString() })
  }

  async function refresh() {
    await Promise.all(items.value.filter(q => q.status === 'pending').map(async (q) => {
      const fresh = await ownQuestion(q.receiptNumber, q.receiptToken).catch(() => undefined)
      if (fresh)
        Object.assign(q, { status: fresh.status, answer: fresh.answer, answeredBy: fresh.answeredBy, dueOn: fresh.dueOn })
    }))
  }

  function remove(receiptNumber: string) {
    items.value = items.value.filter(q => q.receiptNumber !== receiptNumber)
  }

  return { items, add, refresh, remove }
})
