// The worker's half of page snapshots (src/client/offline/snapshots.ts): a navigation to a public page whose
// snapshot is still true is answered with the shell that has it inside.
import type { PageSnapshot } from '../client/offline/snapshot-cache'
import { getCacheKeyForURL } from 'workbox-precaching'
import { showContentDate } from '../client/offline/format'
import { runtimeCacheOf } from '../client/offline/kinds'
import { hashText, snapshotKey, withSnapshot } from '../client/offline/snapshot-cache'
import { settingsKey, SNAPSHOT_CACHE, SNAPSHOT_SETTINGS_KEY, snapshotPath } from '../client/offline/snapshots'

declare const self: ServiceWorkerGlobalScope

/** The cached answer for a read, from the runtime cache the app's first render will be served from. */
async function cachedRead(path: string): Promise<Response | undefined> {
  const name = runtimeCacheOf(path)
  return name ? caches.match(path, { cacheName: name, ignoreVary: true }) : undefined
}

/**
 * The snapshot for a page, only when the app will render exactly that first: the same interface settings, the
 * same build (its stylesheets precached), online, every API read it was made from answered by the runtime
 * caches with the same text, and OfflineContentDate shown or not as it was.
 */
async function usableSnapshot(url: URL): Promise<PageSnapshot | undefined> {
  const path = snapshotPath(url)
  if (!path || !self.navigator.onLine)
    return undefined
  // caches.match with a cacheName answers undefined when there is no such cache, and makes none
  const [stored, settings] = await Promise.all([snapshotKey(path), SNAPSHOT_SETTINGS_KEY].map(key => caches.match(key, { cacheName: SNAPSHOT_CACHE })))
  if (!stored || !settings)
    return undefined
  const snapshot = await stored.json() as PageSnapshot
  if (snapshot.v !== 1 || snapshot.path !== path || settingsKey(snapshot) !== await settings.text())
    return undefined
  if (snapshot.styles.some(href => !getCacheKeyForURL(href)))
    return undefined
  let oldest = Number.POSITIVE_INFINITY
  for (const [read, hash] of Object.entries(snapshot.reads)) {
    const answer = await cachedRead(read)
    if (!answer || hashText(await answer.text()) !== hash)
      return undefined
    oldest = Math.min(oldest, Date.parse(answer.headers.get('date') ?? '') || 0)
  }
  const dateLine = Object.keys(snapshot.reads).length > 0 && showContentDate(new Date(oldest), true)
  return dateLine === snapshot.dateLine ? snapshot : undefined
}

/** The shell for a navigation: with the page's snapshot when there is a usable one. Never fails for it. */
export async function shellFor(url: URL, shell: Response): Promise<Response> {
  try {
    const snapshot = await usableSnapshot(url)
    const html = snapshot && withSnapshot(await shell.clone().text(), snapshot)
    if (!html)
      return shell
    const headers = new Headers(shell.headers)
    headers.delete('content-length')
    headers.delete('content-encoding')
    return new Response(html, { status: shell.status, statusText: shell.statusText, headers })
  }
  catch {
    return shell
  }
}
