// The service worker (lib WebWorker comes from tsconfig.sw.json). Strategies per resource are written
// down in docs/offline.md; nothing personal (registrations, receipts, staff pages, sign-in) is cached here.
import type { WorkboxPlugin } from 'workbox-core'
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { clientsClaim } from 'workbox-core'
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies'
import { IMAGES_CACHE, RUNTIME_CACHES, runtimeCacheOf, SAVED_CACHE } from '../client/offline/kinds'
import { shellFor } from './snapshots'
import './outbox-sync'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string, revision: string | null } | string> }

// Every client route, deep links included, is the shell; the router takes it from there. A public page the
// resident has seen before comes with its snapshot inside, painted before the app boots (./snapshots.ts).
// Registered before the precache's own route, which would answer `/` with the bare index.html.
registerRoute(new NavigationRoute(async ({ url, request }) => {
  const shell = await matchPrecache('/index.html')
  return shell ? shellFor(url, shell) : fetch(request)
}, {
  // a file opened in a tab (an icon, a 图解 image): the precache's own route serves it; app routes have no dot
  denylist: [/^\/api\//, /\/[^./]*\.[^/]*$/],
}))

// The app shell: every built asset the resident needs, versioned by vite-plugin-pwa.
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
// Once active, take the open pages at once: the first visit already works offline. (An update only
// activates when the resident taps 新版本可用, so this never swaps code under a form.)
clientsClaim()

const DAY = 24 * 3600

// 保存到本机 (src/client/offline/saved.ts) keeps items in SAVED_CACHE, by exact URL, with no expiry.

/**
 * Saved items behind the runtime caches: when the network fails and the runtime cache has no copy (never
 * fetched, expired, or cleared by the browser), the saved copy answers; and a fresh network answer for a
 * saved URL replaces the saved copy, so what is kept for good does not go stale while the resident reads online.
 */
const savedCopies: WorkboxPlugin = {
  async handlerDidError({ request }) {
    return (await caches.open(SAVED_CACHE)).match(request, { ignoreVary: true })
  },
  async cacheDidUpdate({ request, newResponse }) {
    if (!(await caches.has(SAVED_CACHE)))
      return
    const saved = await caches.open(SAVED_CACHE)
    if (await saved.match(request, { ignoreVary: true }))
      await saved.put(request, newResponse)
  },
}

/** Public reads: shown from the cache at once, refreshed behind, kept for a while and bounded in number. */
function publicReads(cacheName: string, maxEntries: number) {
  registerRoute(
    ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && runtimeCacheOf(url.pathname) === cacheName,
    new StaleWhileRevalidate({
      cacheName,
      plugins: [
        new CacheableResponsePlugin({ statuses: [200] }),
        new ExpirationPlugin({ maxEntries, maxAgeSeconds: 30 * DAY, purgeOnQuotaError: true }),
        savedCopies,
      ],
    }),
  )
}

// the cache names are shared with offline search (src/client/offline/kinds.ts), which reads them
publicReads(RUNTIME_CACHES.documents, 300)
publicReads(RUNTIME_CACHES.library, 200)
publicReads(RUNTIME_CACHES.consultations, 150)
publicReads(RUNTIME_CACHES.events, 150)

// Images (图解, event photos) change only with a new file name: the cached copy is enough.
registerRoute(
  ({ request, url }) => request.destination === 'image' && url.origin === self.location.origin,
  new CacheFirst({
    cacheName: IMAGES_CACHE,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 90 * DAY, purgeOnQuotaError: true }), savedCopies],
  }),
)

// A new version waits until the resident taps 新版本可用 (see client/composables/pwa.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING')
    void self.skipWaiting()
})
