import { watch } from 'vue'
import { useRoute } from 'vue-router'
import { pageReads } from '../api/http'
import { whenIdle } from '../idle'
import { endSnapshot } from '../offline/page-snapshot'
import { CAPTURE_AFTER_MS, CAPTURE_IDLE_WAIT_MS } from '../offline/snapshot-cache'
import { snapshotPath } from '../offline/snapshots'
import { useSettingsStore } from '../stores/settings'

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
    }, CAPTURE_IDLE_WAIT_MS), CAPTURE_AFTER_MS)
  }, { immediate: true, flush: 'post' })
}
