import type { Problem } from '../../shared/schemas/problem'
import { toRaw } from 'vue'

/** A problem answered by the API (RFC 9457), or a network failure (`offline`). */
export class ApiError extends Error {
  constructor(readonly problem: Problem | undefined, readonly offline = false) {
    super(problem?.detail ?? (offline ? 'network' : 'unknown'))
  }

  get status(): number {
    return this.problem?.status ?? 0
  }
}

/** What to tell the resident (or staff member) about a failure: no network, the server's own words, or that something went wrong. */
export function errorText(error: unknown, t: (key: 'errors.network' | 'errors.unknown') => string): string {
  if (error instanceof ApiError && error.offline)
    return t('errors.network')
  return (error instanceof ApiError ? error.problem?.detail : undefined) ?? t('errors.unknown')
}

/** errorText, with the form field the server named (a form shows the text at that field). */
export function errorWithField(error: unknown, t: (key: 'errors.network' | 'errors.unknown') => string): { field?: string, text: string } {
  return { field: error instanceof ApiError ? error.problem?.field : undefined, text: errorText(error, t) }
}

let acceptLanguage = 'zh-CN'

/** The API answers problems in this language. */
export function setApiLanguage(locale: string) {
  acceptLanguage = locale
}

// When each answer was made by the server (its Date header, which a copy in the service worker's caches keeps).
const fetched = new WeakMap<object, Date>()

/** When the server made the answer a value came from (the object api() returned, or a reactive proxy of it), if known. */
export function fetchedAt(value: unknown): Date | undefined {
  const raw = toRaw(value)
  return typeof raw === 'object' && raw !== null ? fetched.get(raw) : undefined
}

// A page's first read, started by the router with the page's code (main.ts, route meta `prefetch`) rather
// than once the page has loaded and mounted: the next api() GET of the same path takes it, once.
const PREFETCH_TTL_MS = 10_000
const early = new Map<string, { at: number, language: string, response: Promise<Response> }>()

function get(path: string): Promise<Response> {
  return fetch(path, { method: 'GET', headers: { 'accept': 'application/json', 'accept-language': acceptLanguage }, credentials: 'same-origin' })
}

/** Starts a GET that the next api() call for the same path (and language) answers from, within 10 s; errors surface there. */
export function prefetchApi(path: string) {
  if (early.has(path))
    return
  const response = get(path)
  response.catch(() => undefined)
  early.set(path, { at: Date.now(), language: acceptLanguage, response })
}

/** The prefetched answer for a plain GET, taken once; undefined when there is none or it is too old. */
function takePrefetched(path: string, opts: RequestOptions): Promise<Response> | undefined {
  const found = early.get(path)
  if (!found)
    return undefined
  early.delete(path)
  if ((opts.method ?? 'GET') !== 'GET' || opts.body !== undefined || opts.headers || found.language !== acceptLanguage || Date.now() - found.at > PREFETCH_TTL_MS)
    return undefined
  const signal = opts.signal
  if (!signal)
    return found.response
  return new Promise<Response>((resolve, reject) => {
    const abort = () => reject(new DOMException('Aborted', 'AbortError'))
    if (signal.aborted)
      return abort()
    signal.addEventListener('abort', abort, { once: true })
    found.response.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

// The API reads of the current page, kept for its snapshot (offline/snapshot-capture.ts), which records which
// version of each answer it shows. Only on a page that may have a snapshot (main.ts says so as each page
// begins); the capture refuses a page that read anything but the public reads the worker caches.
const reads = new Map<string, { text: string, date: string | null }>()
let keepReads = false

/** A new page begins: forgets the reads of the page before, and keeps this one's only if it may have a snapshot. */
export function resetPageReads(mayHaveSnapshot: boolean) {
  reads.clear()
  keepReads = mayHaveSnapshot
}

/** The GET answers the current page was rendered from. */
export const pageReads = (): ReadonlyMap<string, { text: string, date: string | null }> => reads

export interface RequestOptions { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown, signal?: AbortSignal, headers?: Record<string, string> }

/** Calls the API; resolves with the JSON answer, rejects with an ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept': 'application/json', 'accept-language': acceptLanguage, ...opts.headers }
  if (opts.body !== undefined)
    headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await (takePrefetched(path, opts) ?? fetch(path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal, credentials: 'same-origin' }))
  }
  catch (error) {
    if ((error as Error).name === 'AbortError')
      throw error
    throw new ApiError(undefined, true)
  }
  if (res.status === 204)
    return undefined as T
  const text = await res.text().catch(() => '')
  let data: unknown
  try {
    data = JSON.parse(text)
  }
  catch {}
  if (!res.ok)
    throw new ApiError(data as Problem | undefined)
  if (keepReads && (opts.method ?? 'GET') === 'GET')
    reads.set(path, { text, date: res.headers.get('date') })
  const date = Date.parse(res.headers.get('date') ?? '')
  if (typeof data === 'object' && data !== null && !Number.isNaN(date))
    fetched.set(data, new Date(date))
  return data as T
}

/** Builds a query string from defined values; arrays repeat the key. */
export function query(params: Record<string, string | number | boolean | readonly (string | number)[] | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '')
      continue
    if (Array.isArray(value))
      value.forEach(v => search.append(key, String(v)))
    else
      search.set(key, String(value))
  }
  const s = search.toString()
  return s ? `?${s}` : ''
}
