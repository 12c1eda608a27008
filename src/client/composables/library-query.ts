import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { DocumentFilters, Facet } from '../../shared/schemas/documents'
import { AUDIENCES, DISTRICTS, DOCUMENT_STATUSES, DOCUMENT_TYPES, LEVELS, TOPICS } from '../../shared/constants'

/** The library's state as the URL holds it: `/policies?q=电梯&topic=housing&topic=elderly-care`. */
export interface LibraryState { q: string, filters: DocumentFilters }

const ALLOWED: Partial<Record<Facet, readonly string[]>> = {
  topic: TOPICS,
  audience: AUDIENCES,
  level: LEVELS,
  district: DISTRICTS,
  type: DOCUMENT_TYPES,
  status: DOCUMENT_STATUSES,
}
export const FILTER_FACETS: Facet[] = ['topic', 'audience', 'level', 'district', 'year', 'type', 'status', 'issuer']

const many = (v: LocationQuery[string] | undefined): string[] => (Array.isArray(v) ? v : v == null ? [] : [v]).filter((s): s is string => typeof s === 'string' && s !== '')

/** Reads the URL, dropping values the API would refuse (a hand-edited or old link still works). */
export function parseLibraryQuery(query: LocationQuery): LibraryState {
  const filters: Record<string, unknown> = {}
  for (const facet of FILTER_FACETS) {
    let values: Array<string | number> = many(query[facet])
    const allowed = ALLOWED[facet]
    if (allowed)
      values = values.filter(v => allowed.includes(v as string))
    if (facet === 'year')
      values = values.map(Number).filter(n => Number.isInteger(n) && n >= 1949 && n <= 2100)
    if (facet === 'issuer')
      values = values.filter(v => String(v).length <= 100)
    if (values.length)
      filters[facet] = [...new Set(values)]
  }
  const q = many(query.q)[0]?.slice(0, 2000) ?? ''
  return { q, filters: filters as DocumentFilters }
}

/** The URL query for a state. */
export function toLocationQuery(state: LibraryState): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  if (state.q)
    out.q = state.q
  for (const facet of FILTER_FACETS) {
    const values = state.filters[facet]
    if (values?.length)
      out[facet] = values.map(String)
  }
  return out
}

/** The state with one filter value switched on or off. */
export function toggleFilter(state: LibraryState, facet: Facet, value: string): LibraryState {
  const current = (state.filters[facet] ?? []).map(String)
  const next = current.includes(value) ? current.filter(v => v !== value) : [...current, value]
  const typed = facet === 'year' ? next.map(Number) : next
  return { q: state.q, filters: { ...state.filters, [facet]: typed.length ? typed : undefined } }
}

export function activeFilters(state: LibraryState): Array<{ facet: Facet, value: string }> {
  return FILTER_FACETS.flatMap(facet => (state.filters[facet] ?? []).map(v => ({ facet, value: String(v) })))
}
