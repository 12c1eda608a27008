// What SNAPSHOT_CACHE (./snapshots.ts) holds and how a snapshot goes into the shell: shared by the capture
// (./snapshot-capture.ts), what drops a page's snapshot when the device's own state for it changes (./saved.ts,
// stores/registrations.ts) and the worker (src/sw/snapshots.ts). Never imported by the entry.
import { runtimeCacheOf } from './kinds'
import { SNAPSHOT_CACHE } from './snapshots'

/**
 * A page's snapshot is taken this long after the page is ready (late bits such as its saved state are in), in
 * the next idle moment, at most CAPTURE_IDLE_WAIT_MS later (composables/page-snapshot.ts).
 */
export const CAPTURE_AFTER_MS = 1000
export const CAPTURE_IDLE_WAIT_MS = 2000

export const snapshotKey = (path: string) => `/__snapshots${path}`

/** FNV-1a of a text, as 8 hex digits: which version of an API answer a snapshot was made from. */
export function hashText(text: string): string {
  let h = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

export interface PageSnapshot {
  v: 1
  path: string
  title: string
  /** the app's markup (header, main, tab bar), cleaned by the capture: our own rendered DOM, nothing else */
  html: string
  /** the stylesheets the page had, `/assets/…css`: all must be in this build's precache */
  styles: string[]
  /** the entry script of the build that rendered it: the shell must load the same one */
  entry: string
  locale: string
  elderMode: boolean
  /** every API read the page rendered, path → hashText of the answer */
  reads: Record<string, string>
  /** whether the page said when its content was fetched (OfflineContentDate) */
  dateLine: boolean
}

/**
 * Forgets a page's snapshot: what only this device knows of the page changed (an item saved or removed, a
 * sign-up made or cancelled), which the worker's check of the API answers cannot see. Never fails.
 */
export function dropSnapshot(path: string): Promise<void> {
  return deleteEntry(SNAPSHOT_CACHE, snapshotKey(path))
}

/** Forgets every page's snapshot (the document text size changed: they are made at the default size only). */
export async function dropAllSnapshots(): Promise<void> {
  await caches.delete(SNAPSHOT_CACHE).catch(() => undefined)
}

/** Deletes one entry of a cache when the cache is there (opening one would make it). Never fails. */
async function deleteEntry(cacheName: string, key: string, options?: CacheQueryOptions): Promise<void> {
  try {
    if (typeof caches !== 'undefined' && await caches.has(cacheName))
      await (await caches.open(cacheName)).delete(key, options)
  }
  catch {}
}

/**
 * The resident changed a public page's content by their own hand (deleted their question on a policy): the
 * device forgets the page's snapshot and the worker's cached answer, so the next visit reads it anew. Never fails.
 */
export async function forgetPublicRead(pagePath: string, apiPath: string): Promise<void> {
  const name = runtimeCacheOf(apiPath)
  await Promise.all([dropSnapshot(pagePath), name && deleteEntry(name, apiPath, { ignoreVary: true })])
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The shell (index.html) with the snapshot in it: painted at once, inert and aria-busy until the app, mounted
 * into the hidden #app, takes its place (offline/page-snapshot.ts). Null when the shell is not the build the
 * snapshot was made with.
 */
export function withSnapshot(shell: string, snapshot: PageSnapshot): string | null {
  const app = '<div id="app"></div>'
  if (!shell.includes(app) || !shell.includes(`src="${snapshot.entry}"`) || !/<html lang="[^"]*">/.test(shell))
    return null
  const links = snapshot.styles.filter(href => !shell.includes(`href="${href}"`))
    .map(href => `<link rel="stylesheet" crossorigin href="${escapeHtml(href)}">`)
    .join('')
  // replacer functions: a `$&` in the page's text must stay text
  return shell
    .replace(/<html lang="[^"]*">/, () => `<html lang="${escapeHtml(snapshot.locale)}"${snapshot.elderMode ? ' class="elder"' : ''}>`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(snapshot.title)}</title>`)
    .replace('</head>', () => `${links}</head>`)
    .replace(app, () => `<div id="page-snapshot" inert aria-busy="true">${snapshot.html}</div><div id="app" hidden></div>`)
}
