import { watch } from 'vue'
import { useRoute } from 'vue-router'
import { keepTextOf, pageReads } from '../api/http'
import { whenIdle } from '../idle'
import { runtimeCacheOf } from '../offline/kinds'
import { endSnapshot } from '../offline/page-snapshot'
import { snapshotPath } from '../offline/snapshots'
import { useSettingsStore } from '../stores/settings'

/** After the page is ready, this long and an idle moment, its snapshot is taken: late bits (saved state) are in. */
const CAPTURE_AFTER_MS = 1000

// a snapshot records the public reads the worker caches, by their text (offline/snapshot-capture.ts)
keepTextOf(path => runtimeCacheOf(path) !== undefined)

/**
 * For a public page that may have a snapshot (offline/snapshots.ts): once `ready()` (its content is there, or
 * its error), the app takes the place of a snapshot the service worker painted, and a little later the page
 * keeps a snapshot of itself for the next visit. Once per path: the router reuses the page for another
 * document or event, which gets its own.
 */
export function usePageSnapshot(ready: () => boolean) {
  const route = useRoute()
  const settings = useSettingsStore()
  let taken: string | undefined
  watch([ready, () => route.path], ([yes]) => {
    if (!yes)
      return
    endSnapshot()
    const path = snapshotPath(new URL(location.href))
    // offline, the page may be showing cached answers the worker would not paint it from (nor is it the time)
    if (!path || path === taken || !('caches' in window) || !navigator.onLine)
      return
    taken = path
    setTimeout(() => whenIdle(() => {
      // still the same page (the capture checks it again against the address bar)
      if (route.path !== path)
        return
      void import('../offline/snapshot-capture').then(m => m.captureSnapshot(path, { locale: settings.locale, elderMode: settings.elderMode }, pageReads())).catch(() => undefined)
    }, 2000), CAPTURE_AFTER_MS)
  }, { immediate: true, flush: 'post' })
}
