import type { LoginBody, StaffMe } from '../../shared/schemas/auth'
import { api } from './http'

export const login = (body: LoginBody) => api<StaffMe>('/api/auth/login', { method: 'POST', body })
export const logout = () => api<void>('/api/auth/logout', { method: 'POST', body: {} })
export const me = () => api<StaffMe>('/api/auth/me')
