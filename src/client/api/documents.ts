import type { DocumentList, DocumentListQuery } from '../../shared/schemas/documents'
import type { DocumentPage } from '../../shared/schemas/library'
import { api, query } from './http'

export function listDocuments(params: Partial<DocumentListQuery> = {}, signal?: AbortSignal) {
  return api<DocumentList>(`/api/documents${query(params as Record<string, string | number | readonly string[] | undefined>)}`, { signal })
}

export function getDocument(id: number, signal?: AbortSignal) {
  return api<DocumentPage>(`/api/documents/${id}`, { signal })
}
