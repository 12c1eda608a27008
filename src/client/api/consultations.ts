import type { DecisionCatalogue } from '../../shared/schemas/consultation-decisions'
import type { CommentBody, CommentCreated, ConsultationDetail, ConsultationList, ConsultationReport, PublicComment, Receipt } from '../../shared/schemas/consultations'
import type { CommentReportBody, ReportResult } from '../../shared/schemas/public-write'
import { api } from './http'

export function listConsultations(signal?: AbortSignal) {
  return api<ConsultationList>('/api/consultations', { signal })
}

export function getConsultation(id: number, signal?: AbortSignal) {
  return api<ConsultationDetail>(`/api/consultations/${id}`, { signal })
}

export async function listComments(id: number, signal?: AbortSignal) {
  return (await api<{ items: PublicComment[] }>(`/api/consultations/${id}/comments`, { signal })).items
}

export function getReport(id: number, signal?: AbortSignal) {
  return api<ConsultationReport>(`/api/consultations/${id}/report`, { signal })
}

/** The same `idempotencyKey` for every retry of one comment: the server stores it once. The device id goes in the body. */
export function postComment(id: number, body: CommentBody, idempotencyKey: string) {
  return api<CommentCreated>(`/api/consultations/${id}/comments`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } })
}

/** Reports a published comment; once per device (the server counts a second report from it as none). */
export function reportComment(id: number, commentId: number, body: CommentReportBody) {
  return api<ReportResult>(`/api/consultations/${id}/comments/${commentId}/reports`, { method: 'POST', body })
}

export function getReceipt(receiptNumber: string, token: string, signal?: AbortSignal) {
  return api<Receipt>(`/api/receipts/${encodeURIComponent(receiptNumber)}`, { signal, headers: { 'x-receipt-token': token } })
}

/** The commenter deletes their comment (PIPL): erased on the server, gone from every public list. */
export function deleteComment(receiptNumber: string, token: string) {
  return api<void>(`/api/receipts/${encodeURIComponent(receiptNumber)}/delete`, { method: 'POST', body: {}, headers: { 'x-receipt-token': token } })
}

export function getDecisionCatalogue(year?: number, signal?: AbortSignal) {
  return api<DecisionCatalogue>(`/api/decisions${year ? `?year=${year}` : ''}`, { signal })
}
