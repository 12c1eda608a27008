// 保存到本机: an item kept for good. The answers its page needs go into the `saved-v1` cache under their
// exact request URLs (the service worker answers from there when the network and its runtime caches fail);
// what was saved, with sizes, is listed in IndexedDB for 我的 → 离线内容.
import type { DBSchema, IDBPDatabase } from 'idb'
import type { SavedKind } from './kinds'
import { openDB } from 'idb'
import { dependentUrls, pathOf, rootUrl, SAVED_CACHE, savedKey } from './kinds'
import { markSavedItems } from './saved-flag'
import { dropSnapshot } from './snapshot-cache'

export interface SavedItem {
  /** `document:12` */
  key: string
  kind: SavedKind
  id: string
  title: string
  path: string
  /** every URL kept for the item, with its size in bytes */
  files: Array<{ url: string, bytes: number }>
  bytes: number
  /** epoch milliseconds */
  savedAt: number
}

interface SavedDb extends DBSchema {
  items: { key: string, value: SavedItem }
}

/** A bundle with many documents stays bounded: beyond this many answers the save stops and says so. */
const MAX_FILES = 300

let dbPromise: Promise<IDBPDatabase<SavedDb>> | undefined
function db() {
  dbPromise ??= openDB<SavedDb>('gongkai-saved', 1, {
    upgrade(database) {
      database.createObjectStore('items', { keyPath: 'key' })
    },
  })
  return dbPromise
}

export class SaveError extends Error {}

/** Every saved item, newest first; keeps the flag (saved-flag.ts) in step with what is really there. */
export async function listSaved(): Promise<SavedItem[]> {
  const items = (await (await db()).getAll('items')).sort((a, b) => b.savedAt - a.savedAt)
  markSavedItems(items.length > 0)
  return items
}

export async function isSaved(kind: SavedKind, id: string | number): Promise<boolean> {
  return (await (await db()).getKey('items', savedKey(kind, id))) !== undefined
}

/** Fetches one URL (through the service worker, so a copy it already holds is reused) and keeps it. */
async function keep(cache: Cache, url: string): Promise<{ bytes: number, data: unknown }> {
  const json = url.startsWith('/api/')
  const res = await fetch(url, { headers: json ? { accept: 'application/json' } : {}, credentials: 'same-origin' })
    .catch(() => {
      throw new SaveError('network')
    })
  if (!res.ok)
    throw new SaveError(`status ${res.status}`)
  await cache.put(url, res.clone())
  const body = await res.blob()
  return { bytes: body.size, data: json ? JSON.parse(await body.text()) as unknown : undefined }
}

/**
 * Saves an item with everything its page needs (a document with its interpretations and their images; a bundle
 * with what it gathers). All or nothing: when one answer cannot be fetched, nothing new stays and SaveError is thrown.
 * The first saved item asks the browser to keep this site's storage (navigator.storage.persist()).
 */
export async function saveItem(kind: SavedKind, id: string | number, title: string): Promise<SavedItem> {
  const cache = await caches.open(SAVED_CACHE)
  const before = new Set((await cache.keys()).map(r => new URL(r.url).pathname + new URL(r.url).search))
  const files: SavedItem['files'] = []
  const queue = [rootUrl(kind, id)]
  const seen = new Set(queue)
  try {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      if (files.length >= MAX_FILES)
        throw new SaveError('too many files')
      const { bytes, data } = await keep(cache, url)
      files.push({ url, bytes })
      for (const next of dependentUrls(url, data)) {
        if (!seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
  }
  catch (error) {
    // leave the cache as it was: only what no other saved item had already
    await Promise.all(files.filter(f => !before.has(f.url)).map(f => cache.delete(f.url)))
    throw error instanceof SaveError ? error : new SaveError(String(error))
  }
  const item: SavedItem = {
    key: savedKey(kind, id),
    kind,
    id: String(id),
    title,
    path: pathOf(kind, id),
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    savedAt: Date.now(),
  }
  const database = await db()
  const first = (await database.count('items')) === 0
  await database.put('items', item)
  markSavedItems(true)
  // the page's snapshot shows it unsaved
  await dropSnapshot(item.path)
  if (first)
    await requestPersistence()
  return item
}

/** Removes an item; answers another saved item also needs (a document inside a saved bundle) stay. */
export async function removeItem(key: string): Promise<void> {
  const database = await db()
  const item = await database.get('items', key)
  if (!item)
    return
  await database.delete('items', key)
  await dropSnapshot(item.path)
  const rest = await database.getAll('items')
  markSavedItems(rest.length > 0)
  const stillNeeded = new Set(rest.flatMap(i => i.files.map(f => f.url)))
  const cache = await caches.open(SAVED_CACHE)
  await Promise.all(item.files.filter(f => !stillNeeded.has(f.url)).map(f => cache.delete(f.url)))
}

export async function removeAll(): Promise<void> {
  const database = await db()
  const items = await database.getAll('items')
  await database.clear('items')
  await Promise.all(items.map(i => dropSnapshot(i.path)))
  markSavedItems(false)
  await caches.delete(SAVED_CACHE)
}

/** Bytes kept for saved items, each URL counted once (a bundle and a document may share answers). */
export function totalBytes(items: SavedItem[]): number {
  const sizes = new Map<string, number>()
  for (const item of items)
    item.files.forEach(f => sizes.set(f.url, f.bytes))
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

export interface StorageInfo {
  /** bytes this site uses on the device (every cache and database), and the most the browser allows it */
  usage?: number
  quota?: number
  /** whether the browser promised not to clear this site's storage when space runs low */
  persisted?: boolean
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = navigator.storage as StorageManager | undefined
  const [estimate, persisted] = await Promise.all([
    storage?.estimate?.().catch(() => undefined),
    storage?.persisted?.().catch(() => undefined),
  ])
  return { usage: estimate?.usage, quota: estimate?.quota, persisted }
}

/** Asks the browser to keep this site's storage; resolves with its answer (false when it cannot ask). */
export async function requestPersistence(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined
  return await storage?.persist?.().catch(() => false) ?? false
}
