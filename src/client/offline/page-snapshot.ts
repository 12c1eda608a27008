// The page's half of page snapshots that must be in the entry (the capture is its own chunk): the hand-over
// from a snapshot the service worker painted to the app, and telling the worker the settings changed.
import type { Router } from 'vue-router'
import { SNAPSHOT_CACHE, SNAPSHOT_SETTINGS_KEY } from './snapshots'

const snapshot = document.getElementById('page-snapshot')
const waiting: Array<() => void> = []

/**
 * Runs `fn` once the app is on screen: at once, unless a snapshot the worker painted still stands in for it.
 * Focus and announcements wait for it (composables/page-title.ts): in the hidden #app they would go nowhere.
 */
export function whenAppShown(fn: () => void) {
  if (snapshot?.isConnected)
    waiting.push(fn)
  else
    fn()
}

/**
 * The app takes the snapshot's place, in one step: the snapshot goes, the app (mounted meanwhile into the
 * hidden #app) shows. Called by the page once its content is there (composables/page-snapshot.ts), or
 * by holdSnapshot when the page never says so.
 */
export function endSnapshot() {
  if (!snapshot?.isConnected)
    return
  snapshot.remove()
  document.getElementById('app')?.removeAttribute('hidden')
  for (const fn of waiting.splice(0))
    fn()
}

/** At boot: the snapshot ends when the resident goes to another page, and after 5 s whatever happens. */
export function holdSnapshot(router: Router) {
  if (!snapshot)
    return
  const path = location.pathname
  router.afterEach((to) => {
    if (to.path !== path)
      endSnapshot()
  })
  setTimeout(endSnapshot, 5000)
}

/** The language or 长者模式 changed: snapshots made with the old settings are no longer used. */
export function rememberSettings(key: string) {
  if ('caches' in window)
    void caches.open(SNAPSHOT_CACHE).then(c => c.put(SNAPSHOT_SETTINGS_KEY, new Response(key))).catch(() => undefined)
}
