import type { Static } from 'typebox'
import type { AdminDocumentRow, AdminInterpretation, BundleInput, DocumentInput, InterpretationInput, ParsePreview } from '../../shared/schemas/library-admin'
import { api } from './http'

export interface EditableDocument extends DocumentInput { id: number, publishedAt: string | null, interpretationWaiver: string | null }
export type { AdminDocumentRow, AdminInterpretation, BundleInput, DocumentInput, InterpretationInput, ParsePreview, Static }

export const listAllDocuments = () => api<AdminDocumentRow[]>('/api/admin/documents')
export const getDocumentForEdit = (id: number) => api<{ document: EditableDocument, interpretations: AdminInterpretation[] }>(`/api/admin/documents/${id}`)
export const parseSource = (source: string) => api<ParsePreview>('/api/admin/documents/parse', { method: 'POST', body: { source } })
export const createDocument = (body: DocumentInput) => api<{ id: number }>('/api/admin/documents', { method: 'POST', body })
export const updateDocument = (id: number, body: DocumentInput) => api<void>(`/api/admin/documents/${id}`, { method: 'PUT', body })
export const publishDocument = (id: number, interpretationWaiver?: string) => api<void>(`/api/admin/documents/${id}/publish`, { method: 'POST', body: interpretationWaiver ? { interpretationWaiver } : {} })
export const withdrawDocument = (id: number) => api<void>(`/api/admin/documents/${id}/withdraw`, { method: 'POST', body: {} })
export const createInterpretation = (documentId: number, body: InterpretationInput) => api<{ id: number }>(`/api/admin/documents/${documentId}/interpretations`, { method: 'POST', body })
export const updateInterpretation = (id: number, body: InterpretationInput) => api<void>(`/api/admin/interpretations/${id}`, { method: 'PUT', body })
export const setInterpretationPublished = (id: number, publish: boolean) => api<void>(`/api/admin/interpretations/${id}/${publish ? 'publish' : 'unpublish'}`, { method: 'POST', body: {} })
export const markdownPreview = (markdown: string) => api<{ html: string }>('/api/admin/documents/markdown-preview', { method: 'POST', body: { markdown } })
export const listAllBundles = () => api<BundleInput[]>('/api/admin/bundles')
export const saveBundle = (body: BundleInput) => api<void>(`/api/admin/bundles/${body.slug}`, { method: 'PUT', body })
