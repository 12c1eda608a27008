// Page snapshots: the last rendered markup of a public page, which the service worker puts into the shell it
// answers a navigation with, so a repeat visit paints at once instead of after the app has booted (about
// 0.3–0.6 s of script on a slow phone). docs/offline.md has the rules.
// This module is what the entry needs (main.ts, stores/settings.ts, offline/page-snapshot.ts): keep it small.
// A snapshot's shape, keys and the shell with it inside are in ./snapshot-cache.ts, which only the capture,
// what drops snapshots (saved items, registrations) and the worker import.

/** Cache Storage cache of snapshots (one per page) and of the interface settings they were made with. */
export const SNAPSHOT_CACHE = 'page-snapshots-v1'
/** Key of the current interface settings in SNAPSHOT_CACHE (written by the page whenever they change). */
export const SNAPSHOT_SETTINGS_KEY = '/__snapshots/settings'

/**
 * The pages that may have one: public and the same for every resident. Never 我的, tickets, receipts, forms,
 * the staff console, or any URL with a query (a search, a token).
 */
const PUBLIC_PAGES = [/^\/$/, /^\/policies$/, /^\/policies\/\d+$/, /^\/interpretations\/\d+$/, /^\/events\/\d+$/]

/** The path a snapshot of this URL is kept under, or null when the page must never have one. */
export function snapshotPath(url: URL): string | null {
  if (url.search || !PUBLIC_PAGES.some(re => re.test(url.pathname)))
    return null
  return url.pathname
}

/** The interface settings a snapshot must match: language and 长者模式 (the text size is refused, see capture). */
export function settingsKey(settings: { locale: string, elderMode: boolean }): string {
  return `${settings.locale}|${settings.elderMode ? 'elder' : 'standard'}`
}
