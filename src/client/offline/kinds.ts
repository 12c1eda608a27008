// What "save for offline" keeps for each kind of page, and what offline search reads out of an API answer.
// Pure functions of URLs and JSON (no DOM, no caches), so they are tested on their own; the service worker
// imports the cache names from here, so nothing in this file may need the DOM.

/** The pages a resident can save for offline. */
export type SavedKind = 'document' | 'interpretation' | 'bundle' | 'consultation' | 'event'

/** The Cache Storage cache holding saved answers, by their exact request URL (the service worker answers from it too). */
export const SAVED_CACHE = 'saved-v1'

/** The runtime caches of public reads, by what they hold: src/sw/sw.ts fills them, offline search reads them as well. */
export const RUNTIME_CACHES = { documents: 'api-documents', library: 'api-library', consultations: 'api-consultations', events: 'api-events' } as const

/** The runtime cache of same-origin images (图解, event photos): the name src/sw/sw.ts's image route gives it. */
export const IMAGES_CACHE = 'images'

/** The API paths each runtime cache holds (the worker's routes in src/sw/sw.ts follow runtimeCacheOf). */
const RUNTIME_CACHE_PATHS: Record<keyof typeof RUNTIME_CACHES, string[]> = {
  documents: ['/api/documents'],
  library: ['/api/interpretations', '/api/bundles', '/api/faq'],
  consultations: ['/api/consultations', '/api/decisions'],
  events: ['/api/events'],
}

/** The runtime cache an API path is kept in, if it is a public read the worker caches. */
export function runtimeCacheOf(path: string): string | undefined {
  const kind = (Object.keys(RUNTIME_CACHE_PATHS) as Array<keyof typeof RUNTIME_CACHES>).find(k => RUNTIME_CACHE_PATHS[k].some(p => path.startsWith(p)))
  return kind && RUNTIME_CACHES[kind]
}

/** The key of a saved item in IndexedDB: `document:12`, `bundle:elevator`. */
export const savedKey = (kind: SavedKind, id: string | number) => `${kind}:${id}`

/** The client route of an item. */
export function pathOf(kind: SavedKind, id: string | number): string {
  switch (kind) {
    case 'document': return `/policies/${id}`
    case 'interpretation': return `/interpretations/${id}`
    case 'bundle': return `/policies/topics/${encodeURIComponent(String(id))}`
    case 'consultation': return `/interact/consultations/${id}`
    case 'event': return `/events/${id}`
  }
}

/** The API answer an item's page starts from. */
export function rootUrl(kind: SavedKind, id: string | number): string {
  switch (kind) {
    case 'document': return `/api/documents/${id}`
    case 'interpretation': return `/api/interpretations/${id}`
    case 'bundle': return `/api/bundles/${encodeURIComponent(String(id))}`
    case 'consultation': return `/api/consultations/${id}`
    case 'event': return `/api/events/${id}`
  }
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): Json[] => Array.isArray(v) ? v.filter(isObject) : []
const str = (v: unknown): string => typeof v === 'string' ? v : ''

/** Same-origin paths only: a saved page never stores another site's files. */
function sameOriginPath(src: string): string | undefined {
  return src.startsWith('/') && !src.startsWith('//') ? src : undefined
}

/**
 * The further answers an answer's page needs, from the answer itself: a document's interpretations, an
 * interpretation's images (图解), a bundle's documents and interpretations, a consultation's comments and report.
 * Applied again to each of those, it gathers the whole item (a bundle's documents bring their interpretations).
 */
export function dependentUrls(url: string, data: unknown): string[] {
  if (!isObject(data))
    return []
  const path = url.replace(/\?.*$/, '')
  if (/^\/api\/documents\/\d+$/.test(path))
    return list(data.interpretations).map(i => `/api/interpretations/${Number(i.id)}`)
  if (/^\/api\/interpretations\/\d+$/.test(path)) {
    const images = list(data.images).map(i => sameOriginPath(str(i.src)))
    const video = isObject(data.video) ? [sameOriginPath(str(data.video.poster))] : []
    return [...images, ...video].filter((s): s is string => !!s)
  }
  if (/^\/api\/bundles\/[^/]+$/.test(path)) {
    return list(data.items).flatMap((item) => {
      if (item.kind === 'document' && typeof item.refId === 'number')
        return [`/api/documents/${item.refId}`]
      if (item.kind === 'interpretation' && typeof item.refId === 'number')
        return [`/api/interpretations/${item.refId}`]
      return []
    })
  }
  if (/^\/api\/consultations\/\d+$/.test(path)) {
    const id = Number(data.id)
    return [`/api/consultations/${id}/comments`, ...(data.status === 'reported' ? [`/api/consultations/${id}/report`] : [])]
  }
  return []
}

/** One searchable thing on the device: a page's title and text. */
export interface DeviceEntry {
  kind: SavedKind
  id: string
  title: string
  /** what the page says, joined; searched and cut into a snippet */
  text: string
  path: string
  /** an entry read from a list (a document's summary) gives way to the full page when both are there */
  partial: boolean
}

const NOT_PROSE = new Set(['anchor', 'slug', 'src', 'url', 'poster', 'captions', 'html', 'ticketPublicKey', 'livestreamUrl', 'status', 'kind', 'level', 'type', 'topics', 'audiences', 'district', 'topic', 'signup', 'seriesId', 'mime'])

/** Every string under a value, depth first, leaving out keys that hold no prose (anchors, links, keys). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value)
  }
  else if (Array.isArray(value)) {
    value.forEach(v => strings(v, out))
  }
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (!NOT_PROSE.has(key))
        strings(v, out)
    }
  }
  return out
}

const joined = (...parts: unknown[]) => parts.flatMap(p => strings(p)).filter(Boolean).join('\n')

function documentEntry(d: Json, partial: boolean): DeviceEntry {
  const text = partial
    ? joined(d.docNumber, d.issuer, d.summary)
    : joined(d.docNumber, d.issuer, d.summary, d.body, d.english)
  return { kind: 'document', id: String(d.id), title: str(d.title), text, path: pathOf('document', Number(d.id)), partial }
}

/**
 * The searchable entries in one cached API answer: a page (document, interpretation, bundle, consultation,
 * event) gives one; a list of documents gives a partial entry per document. Anything else gives none.
 */
export function entriesFrom(url: string, data: unknown): DeviceEntry[] {
  if (!isObject(data))
    return []
  const path = new URL(url, 'http://x').pathname
  if (path === '/api/documents')
    return list(data.items).map(d => documentEntry(d, true))
  if (/^\/api\/documents\/\d+$/.test(path))
    return [documentEntry(data, false)]
  if (/^\/api\/interpretations\/\d+$/.test(path)) {
    const faq = list(data.faq).map(f => `${str(f.q)}\n${str(f.a)}`)
    const text = joined(data.documentTitle, data.interpreterName, list(data.sections).map(s => [s.title, s.text]), faq, list(data.images).map(i => [i.alt, i.caption]))
    return [{ kind: 'interpretation', id: String(data.id), title: str(data.title), text, path: pathOf('interpretation', Number(data.id)), partial: false }]
  }
  if (/^\/api\/bundles\/[^/]+$/.test(path)) {
    const text = joined(data.summary, list(data.items).map(i => [i.title, i.note]))
    return [{ kind: 'bundle', id: str(data.slug), title: str(data.title), text, path: pathOf('bundle', str(data.slug)), partial: false }]
  }
  if (/^\/api\/consultations\/\d+$/.test(path)) {
    const draft = isObject(data.draft) ? list(data.draft.articles).map(a => [a.number, a.text]) : []
    const text = joined(data.department, data.summary, data.interpretation, draft)
    return [{ kind: 'consultation', id: String(data.id), title: str(data.title), text, path: pathOf('consultation', Number(data.id)), partial: false }]
  }
  if (/^\/api\/events\/\d+$/.test(path)) {
    const text = joined(data.organiser, data.venue, data.address, data.description, list(data.programme).map(p => p.title), data.accessibility)
    return [{ kind: 'event', id: String(data.id), title: str(data.title), text, path: pathOf('event', Number(data.id)), partial: false }]
  }
  return []
}
