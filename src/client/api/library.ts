import type { AnsweredQuestion, AskQuestionBody, Interpretation, InterpretationSummary, OwnQuestion, QuestionReceipt, TopicBundle, TopicBundleSummary } from '../../shared/schemas/library'
import { api, query } from './http'

export const recentInterpretations = (limit = 5) => api<InterpretationSummary[]>(`/api/interpretations${query({ limit })}`)
export const getInterpretation = (id: number) => api<Interpretation>(`/api/interpretations/${id}`)
export const listBundles = () => api<TopicBundleSummary[]>('/api/bundles')
export const getBundle = (slug: string) => api<TopicBundle>(`/api/bundles/${encodeURIComponent(slug)}`)
export const listFaq = (q?: string, limit = 50) => api<AnsweredQuestion[]>(`/api/faq${query({ q, limit })}`)

export function askQuestion(documentId: number, body: AskQuestionBody, idempotencyKey: string) {
  return api<QuestionReceipt>(`/api/documents/${documentId}/questions`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } })
}

export function ownQuestion(receiptNumber: string, token: string) {
  return api<OwnQuestion>(`/api/questions/receipts/${encodeURIComponent(receiptNumber)}`, { headers: { 'x-receipt-token': token } })
}

/** The asker deletes their question on the server (PIPL): what they wrote is erased and no longer public. */
export function deleteOwnQuestion(receiptNumber: string, token: string) {
  return api<void>(`/api/questions/receipts/${encodeURIComponent(receiptNumber)}/delete`, { method: 'POST', body: {}, headers: { 'x-receipt-token': token } })
}

export function voteHelpful(kind: 'interpretations' | 'questions', id: number, helpful: boolean, deviceId: string) {
  return api<{ yes: number, no: number, counted: boolean }>(`/api/${kind}/${id}/helpful`, { method: 'POST', body: { helpful, deviceId } })
}
