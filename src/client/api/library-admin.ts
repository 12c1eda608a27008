import type { Static } from 'typebox'
import type { DashboardSchema, QueueQuestion } from '../../shared/schemas/library'
import { api, query } from './http'

export type Dashboard = Static<typeof DashboardSchema>

export const dashboard = () => api<Dashboard>('/api/admin/dashboard')
export const questionQueue = (status: QueueQuestion['status'] = 'pending') => api<QueueQuestion[]>(`/api/admin/questions${query({ status })}`)
export function answerQuestion(id: number, body: { answer: string, answeredBy: string, isFaq: boolean }) {
  return api<void>(`/api/admin/questions/${id}/answer`, { method: 'POST', body })
}
export const rejectQuestion = (id: number, reason: string) => api<void>(`/api/admin/questions/${id}/reject`, { method: 'POST', body: { reason } })
/** The asker's contact in full, for a reason the audit log keeps. */
export const revealQuestionContact = async (id: number, reason: string) => (await api<{ contact: string }>(`/api/admin/questions/${id}/contact`, { method: 'POST', body: { reason } })).contact
export const markFaq = (id: number, isFaq: boolean) => api<void>(`/api/admin/questions/${id}/faq`, { method: 'POST', body: { isFaq } })
export const markSimple = (id: number, simple: boolean) => api<{ dueOn: string }>(`/api/admin/questions/${id}/simple`, { method: 'POST', body: { simple } })
