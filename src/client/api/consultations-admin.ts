import type { CommentStatus } from '../../shared/constants'
import type { AdminComment, AdminConsultation, ConsultationCreateBody, DecideBody, FinalVersionBody, ModerateBody, ReportBody, SplitDraft, VersionBody, WindowBody } from '../../shared/schemas/consultation-admin'
import type { CatalogueAddBody, CatalogueChangeBody, CatalogueCreateBody } from '../../shared/schemas/consultation-decisions'
import type { ConsultationDetail } from '../../shared/schemas/consultations'
import { api, query } from './http'

const base = '/api/admin/consultations'

export async function listAdminConsultations() {
  return (await api<{ items: AdminConsultation[] }>(base)).items
}

export function getAdminConsultation(id: number) {
  return api<{ consultation: AdminConsultation, detail: ConsultationDetail }>(`${base}/${id}`)
}

export async function listAdminComments(id: number, status?: CommentStatus) {
  return (await api<{ items: AdminComment[] }>(`${base}/${id}/comments${query({ status })}`)).items
}

export function moderate(id: number, body: ModerateBody) {
  return api<{ changed: number }>(`${base}/${id}/comments/moderate`, { method: 'POST', body })
}

/** The commenter's contact in full, for a reason the audit log keeps. */
export async function revealCommentContact(id: number, commentId: number, reason: string) {
  return (await api<{ contact: string }>(`${base}/${id}/comments/${commentId}/contact`, { method: 'POST', body: { reason } })).contact
}

export function reply(id: number, commentId: number, text: string) {
  return api<{ changed: number }>(`${base}/${id}/comments/${commentId}/reply`, { method: 'POST', body: { text } })
}

export function decide(id: number, body: DecideBody) {
  return api<{ changed: number }>(`${base}/${id}/decisions`, { method: 'POST', body })
}

export function publishFinal(id: number, body: FinalVersionBody) {
  return api<{ changed: number }>(`${base}/${id}/final`, { method: 'POST', body })
}

export function publishReport(id: number, body: ReportBody) {
  return api<{ changed: number }>(`${base}/${id}/report`, { method: 'POST', body })
}

export function setWindow(id: number, body: WindowBody) {
  return api<{ changed: number }>(`${base}/${id}/window`, { method: 'PATCH', body })
}

export function addDecision(body: CatalogueAddBody) {
  return api<{ changed: number }>('/api/admin/decisions', { method: 'POST', body })
}

export function changeDecision(id: number, body: CatalogueChangeBody) {
  return api<{ changed: number }>(`/api/admin/decisions/${id}`, { method: 'PATCH', body })
}

/** Splits pasted draft text into articles (nothing is saved). */
export function splitDraft(text: string) {
  return api<SplitDraft>(`${base}/split`, { method: 'POST', body: { text } })
}

export function createConsultation(body: ConsultationCreateBody) {
  return api<{ id: number }>(base, { method: 'POST', body })
}

export function addConsultationVersion(id: number, body: VersionBody) {
  return api<{ id: number }>(`${base}/${id}/versions`, { method: 'POST', body })
}

export function createCatalogue(body: CatalogueCreateBody) {
  return api<{ changed: number }>('/api/admin/decisions/catalogues', { method: 'POST', body })
}
