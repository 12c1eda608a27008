import type { Problem } from '../../shared/schemas/problem'

/** A problem answered by the API (RFC 9457), or a network failure (`offline`). */
export class ApiError extends Error {
  constructor(readonly problem: Problem | undefined, readonly offline = false) {
    super(problem?.detail ?? (offline ? 'network' : 'unknown'))
  }

  get status(): number {
    return this.problem?.status ?? 0
  }
}

let acceptLanguage = 'zh-CN'

/** The API answers problems in this language. */
export function setApiLanguage(locale: string) {
  acceptLanguage = locale
}

export interface RequestOptions { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown, signal?: AbortSignal, headers?: Record<string, string> }

/** Calls the API; resolves with the JSON answer, rejects with an ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept': 'application/json', 'accept-language': acceptLanguage, ...opts.headers }
  if (opts.body !== undefined)
    headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal, credentials: 'same-origin' })
  }
  catch (error) {
    if ((error as Error).name === 'AbortError')
      throw error
    throw new ApiError(undefined, true)
  }
  if (res.status === 204)
    return undefined as T
  const data = await res.json().catch(() => undefined)
  if (!res.ok)
    throw new ApiError(data as Problem | undefined)
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
