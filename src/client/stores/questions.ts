import type { OwnQuestion, QuestionReceipt } from '../../shared/schemas/library'
import { defineStore } from 'pinia'
import { deleteOwnQuestion, ownQuestion } from '../api/library'
import { storedList } from '../composables/stored-list'
import { pathOf, rootUrl } from '../offline/kinds'
import { hasSavedItems } from '../offline/saved-flag'
import { forgetPublicRead } from '../offline/snapshot-cache'

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
  const items = storedList<StoredQuestion>(KEY)

  /** Remembers a question the server received; the same receipt twice is kept once. */
  function add(receipt: QuestionReceipt, doc: { id: number, title: string }, text: string, askedAt = new Date().toISOString()) {
    items.value = [
      { receiptNumber: receipt.receiptNumber, receiptToken: receipt.receiptToken, documentId: doc.id, documentTitle: doc.title, text, dueOn: receipt.dueOn, status: receipt.status, answer: null, answeredBy: null, askedAt },
      ...items.value.filter(q => q.receiptNumber !== receipt.receiptNumber),
    ]
  }

  async function refresh() {
    await Promise.all(items.value.filter(q => q.status === 'pending').map(async (q) => {
      const fresh = await ownQuestion(q.receiptNumber, q.receiptToken).catch(() => undefined)
      if (fresh)
        Object.assign(q, { status: fresh.status, answer: fresh.answer, answeredBy: fresh.answeredBy, dueOn: fresh.dueOn })
    }))
  }

  /** Forgets a question on this device only: the server keeps it (and its answer stays public). */
  function remove(receiptNumber: string) {
    items.value = items.value.filter(q => q.receiptNumber !== receiptNumber)
  }

  /** Deletes the question on the server, then on this device; rejects with the ApiError when the server refuses. */
  async function erase(receiptNumber: string) {
    const q = items.value.find(i => i.receiptNumber === receiptNumber)
    if (!q)
      return
    await deleteOwnQuestion(q.receiptNumber, q.receiptToken)
    remove(receiptNumber)
    // the policy's page as this device keeps it (snapshot, cached answer) still shows the question
    const api = rootUrl('document', q.documentId)
    await forgetPublicRead(pathOf('document', q.documentId), api)
    // and so does a copy saved 保存到本机: read anew, the answer replaces it as the worker caches it (savedCopies, src/sw/sw.ts)
    if (hasSavedItems())
      await fetch(api, { headers: { accept: 'application/json' } }).then(res => res.arrayBuffer()).catch(() => {})
  }

  return { items, add, refresh, remove, erase }
})
