import type { AccountSecurity, CreatedStaff, Enrolled, LoginBody, LoginStep, NewStaffBody, PasswordChangeBody, RecoveryCodes, RecoveryCodesBody, SessionsEnded, StaffAccount, StaffMe, StaffSession, TemporaryPassword, TotpEnrolment } from '../../shared/schemas/auth'
import { api } from './http'

export const login = (body: LoginBody) => api<LoginStep>('/api/auth/login', { method: 'POST', body })
export const secondFactor = (code: string) => api<StaffMe>('/api/auth/second-factor', { method: 'POST', body: { code } })
export const startEnrolment = () => api<TotpEnrolment>('/api/auth/enrolment', { method: 'POST', body: {} })
export const confirmEnrolment = (code: string) => api<Enrolled>('/api/auth/enrolment/confirm', { method: 'POST', body: { code } })
export const logout = () => api<void>('/api/auth/logout', { method: 'POST', body: {} })
export const me = () => api<StaffMe>('/api/auth/me')
export const accountSecurity = () => api<AccountSecurity>('/api/auth/security')
/** A new set of recovery codes, answered once; the current password confirms it is the account's owner. */
export const renewRecoveryCodes = (body: RecoveryCodesBody) => api<RecoveryCodes>('/api/auth/recovery-codes', { method: 'POST', body })
/** Answers nothing; the session cookie is replaced and every other session ends. */
export const changePassword = (body: PasswordChangeBody) => api<void>('/api/auth/password', { method: 'POST', body })
/** The signed-in member's live sessions, the most recently used first; `current` is this device's. */
export const staffSessions = () => api<StaffSession[]>('/api/auth/sessions')
export const endStaffSession = (id: number) => api<void>(`/api/auth/sessions/${id}/end`, { method: 'POST', body: {} })
export const endOtherStaffSessions = () => api<SessionsEnded>('/api/auth/sessions/end-others', { method: 'POST', body: {} })

export const staffAccounts = () => api<StaffAccount[]>('/api/admin/staff')
export const resetSecondFactor = (id: number) => api<void>(`/api/admin/staff/${id}/second-factor/reset`, { method: 'POST', body: {} })
export const resetPassword = (id: number) => api<TemporaryPassword>(`/api/admin/staff/${id}/password/reset`, { method: 'POST', body: {} })
/** A new account and its temporary password, answered this once. */
export const createStaff = (body: NewStaffBody) => api<CreatedStaff>('/api/admin/staff', { method: 'POST', body })
/** Ends the member's sessions at once; they cannot sign in until the account is enabled. */
export const disableStaff = (id: number) => api<void>(`/api/admin/staff/${id}/disable`, { method: 'POST', body: {} })
export const enableStaff = (id: number) => api<void>(`/api/admin/staff/${id}/enable`, { method: 'POST', body: {} })
/** Ends every staff member's sessions but this one (a breach response). */
export const endAllStaffSessions = () => api<SessionsEnded>('/api/admin/staff/sessions/end-all', { method: 'POST', body: {} })
