import type { DocumentDetail, DocumentList, DocumentListQuery } from '../../shared/schemas/documents'
import { api, query } from './http'

export function listDocuments(params: Partial<DocumentListQuery> = {}, signal?: AbortSignal) {
  return api<DocumentList>(`/api/documents${query(params)}`, { signal })
}

export function getDocument(id: number, signal?: AbortSignal) {
  return api<DocumentDetail>(`/api/documents/${id}`, { signal })
}
