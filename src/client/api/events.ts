import type { AdminEvent, AdminEventList, AdminRegistrationList, CheckinBatchBody, CheckinResult, EventDetail, EventInput, EventList, EventListQuery, RegistrationState, SignUpBody, SignUpResult } from '../../shared/schemas/events'
import type { AdminProposal, FeedbackBody, FeedbackSummary, ProposalBody, ProposalList, SupportResult } from '../../shared/schemas/events-extras'
import { api, query } from './http'

export function listEvents(params: Partial<EventListQuery> = {}, signal?: AbortSignal) {
  return api<EventList>(`/api/events${query(params)}`, { signal })
}

export function getEvent(id: number, signal?: AbortSignal) {
  return api<EventDetail>(`/api/events/${id}`, { signal })
}

/** The same idempotency key for retries of one submission: the server signs up once. */
export function signUp(id: number, body: SignUpBody, idempotencyKey: string) {
  return api<SignUpResult>(`/api/events/${id}/registrations`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } })
}

export function getRegistration(code: string, manageToken: string) {
  return api<RegistrationState>(`/api/registrations/${code}`, { headers: { 'x-manage-token': manageToken } })
}

export function cancelRegistration(code: string, manageToken: string) {
  return api<RegistrationState>(`/api/registrations/${code}/cancel`, { method: 'POST', body: {}, headers: { 'x-manage-token': manageToken } })
}

/** Deletes one's registration (PIPL): cancelled if still ahead, name and phone erased at once. */
export function deleteRegistration(code: string, manageToken: string) {
  return api<void>(`/api/registrations/${code}/delete`, { method: 'POST', body: {}, headers: { 'x-manage-token': manageToken } })
}

export const calendarUrl = (code: string) => `/api/registrations/${code}/calendar.ics`

// Staff console

export const adminListEvents = () => api<AdminEventList>('/api/admin/events')
export const adminGetEvent = (id: number) => api<AdminEvent>(`/api/admin/events/${id}`)
export const adminCreateEvent = (body: EventInput) => api<AdminEvent>('/api/admin/events', { method: 'POST', body })
export const adminUpdateEvent = (id: number, body: EventInput) => api<AdminEvent>(`/api/admin/events/${id}`, { method: 'PUT', body })
export const adminSignupWindow = (id: number, action: 'open' | 'close') => api<AdminEvent>(`/api/admin/events/${id}/signup`, { method: 'POST', body: { action } })
export const adminCancelEvent = (id: number, notice: string) => api<AdminEvent>(`/api/admin/events/${id}/cancel`, { method: 'POST', body: { notice } })
export const adminRegistrations = (id: number) => api<AdminRegistrationList>(`/api/admin/events/${id}/registrations`)
export const adminRegistrationsCsvUrl = (id: number) => `/api/admin/events/${id}/registrations.csv`
export const adminPhoneSignUp = (id: number, body: { name: string, phone: string, partySize: number, consent: boolean }) => api<SignUpResult>(`/api/admin/events/${id}/registrations`, { method: 'POST', body })
export const adminRevealPhone = (id: number, code: string, reason: string) => api<{ phone: string }>(`/api/admin/events/${id}/registrations/${code}/reveal`, { method: 'POST', body: { reason } })
export const adminCheckins = (id: number, body: CheckinBatchBody) => api<CheckinResult>(`/api/admin/events/${id}/checkins`, { method: 'POST', body })

// 专项反馈, questionnaire, theme proposals

export const listProposals = () => api<ProposalList>('/api/events/proposals')
export const createProposal = (body: ProposalBody, key: string) => api<{ id: number, status: string }>('/api/events/proposals', { method: 'POST', body, headers: { 'idempotency-key': key } })
export const supportProposal = (id: number, deviceId: string) => api<SupportResult>(`/api/events/proposals/${id}/support`, { method: 'POST', body: { deviceId }, headers: { 'idempotency-key': crypto.randomUUID() } })
export const sendFeedback = (code: string, manageToken: string, body: FeedbackBody, key: string) => api<{ received: boolean }>(`/api/registrations/${code}/feedback`, { method: 'POST', body, headers: { 'x-manage-token': manageToken, 'idempotency-key': key } })
export const adminProposals = () => api<{ items: AdminProposal[] }>('/api/admin/events/proposals')
export const adminModerateProposal = (id: number, decision: 'publish' | 'reject') => api<void>(`/api/admin/events/proposals/${id}/moderate`, { method: 'POST', body: { decision } })
export const adminFeedback = (id: number) => api<FeedbackSummary>(`/api/admin/events/${id}/feedback`)
export const adminPublishReport = (id: number, body: { heard: string, actions: string }) => api<AdminEvent>(`/api/admin/events/${id}/report`, { method: 'PUT', body })
