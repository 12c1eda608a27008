// Offline search: everything the device holds (saved items and the service worker's runtime caches),
// searched with the server's own tokenizer. Loaded only when a search cannot reach the server.
import type { DeviceEntry, SavedKind } from './kinds'
import { highlight, tokenize, tokenizeQuery } from '../../shared/tokenizer'
import { entriesFrom, RUNTIME_CACHES, SAVED_CACHE } from './kinds'

export interface DeviceHit {
  kind: SavedKind
  id: string
  path: string
  title: { text: string, ranges: Array<[number, number]> }
  snippet: { text: string, ranges: Array<[number, number]> }
  /** kept for good with 保存到本机, not only browsed */
  saved: boolean
}

/** Entries with where they came from. */
export interface SourcedEntry extends DeviceEntry { saved: boolean }

// Index tokens per entry text: a 37 KB plan takes 5–20 ms to tokenize, so a second search reuses them.
const tokenMemo = new Map<string, Set<string>>()
function tokensOf(entry: DeviceEntry): Set<string> {
  const key = `${entry.kind}:${entry.id}:${entry.partial}:${entry.title.length}:${entry.text.length}`
  let tokens = tokenMemo.get(key)
  if (!tokens) {
    tokens = new Set(tokenize(`${entry.title}\n${entry.text}`))
    tokenMemo.set(key, tokens)
  }
  return tokens
}

/** One entry per page: a full page wins over a list's summary, and a saved copy marks the page saved. */
export function mergeEntries(entries: SourcedEntry[]): SourcedEntry[] {
  const byKey = new Map<string, SourcedEntry>()
  for (const entry of entries) {
    const key = `${entry.kind}:${entry.id}`
    const seen = byKey.get(key)
    if (!seen || (seen.partial && !entry.partial))
      byKey.set(key, { ...entry, saved: entry.saved || !!seen?.saved })
    else if (entry.saved)
      seen.saved = true
  }
  return [...byKey.values()]
}

/**
 * The entries holding every token of the query (AND, as the server searches), best first: matches in the title,
 * then how often the words occur. Each hit has its title and a snippet with the ranges to mark.
 */
export function searchEntries(entries: SourcedEntry[], query: string, limit = 50): DeviceHit[] {
  const tokens = tokenizeQuery(query)
  if (!tokens.length)
    return []
  const scored: Array<{ entry: SourcedEntry, score: number }> = []
  for (const entry of entries) {
    const all = tokensOf(entry)
    if (!tokens.every(t => all.has(t)))
      continue
    const inTitle = new Set(tokenize(entry.title))
    const titleScore = tokens.filter(t => inTitle.has(t)).length / tokens.length
    scored.push({ entry, score: titleScore * 10 + (entry.partial ? 0 : 1) + (entry.saved ? 0.5 : 0) })
  }
  scored.sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title, 'zh-CN'))
  return scored.slice(0, limit).map(({ entry }) => {
    const title = highlight(entry.title, tokens, { maxLength: Math.max(1, entry.title.length) })
    const snippet = highlight(entry.text, tokens, { maxLength: 90 })
    return {
      kind: entry.kind,
      id: entry.id,
      path: entry.path,
      title: { text: title.snippet, ranges: title.ranges },
      snippet: { text: snippet.snippet, ranges: snippet.ranges },
      saved: entry.saved,
    }
  })
}

// Answers that can hold searchable text; comments, reports and images are left out.
const SEARCHABLE = /^\/api\/(?:documents(?:\/\d+)?|interpretations\/\d+|bundles\/[^/]+|consultations\/\d+|events\/\d+)$/

/** Reads every searchable answer in the saved cache and the runtime caches. */
export async function collectEntries(): Promise<SourcedEntry[]> {
  if (typeof caches === 'undefined')
    return []
  const out: SourcedEntry[] = []
  for (const name of [SAVED_CACHE, ...Object.values(RUNTIME_CACHES)]) {
    // has() first: open() would create an empty cache
    if (!(await caches.has(name)))
      continue
    const cache = await caches.open(name)
    for (const request of await cache.keys()) {
      if (!SEARCHABLE.test(new URL(request.url).pathname))
        continue
      const data: unknown = await cache.match(request).then(r => r?.json()).catch(() => undefined)
      for (const entry of entriesFrom(request.url, data))
        out.push({ ...entry, saved: name === SAVED_CACHE })
    }
  }
  return mergeEntries(out)
}

/** Searches everything on the device. */
export async function searchDevice(query: string): Promise<DeviceHit[]> {
  return searchEntries(await collectEntries(), query)
}
