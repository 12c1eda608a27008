import type { Workbox } from 'workbox-window'
import { onBeforeUnmount, onMounted, ref } from 'vue'

/**
 * The service worker's whole lifecycle in one place: registers it (production builds only), tells when
 * a new version waits, and applies it on request: the waiting worker takes over, then the page reloads.
 */
export function usePwa() {
  const needRefresh = ref(false)
  const offlineReady = ref(false)
  let wb: Workbox | undefined

  onMounted(async () => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator))
      return
    const { Workbox } = await import('workbox-window')
    wb = new Workbox('/sw.js', { scope: '/' })
    wb.addEventListener('waiting', () => {
      needRefresh.value = true
    })
    wb.addEventListener('installed', (event) => {
      if (!event.isUpdate)
        offlineReady.value = true
    })
    // Registration fails where service workers are blocked (private modes, policies): the app still works online.
    await wb.register().catch(() => undefined)
  })

  onBeforeUnmount(() => {
    wb = undefined
  })

  function update() {
    if (!wb)
      return
    wb.addEventListener('controlling', () => window.location.reload())
    wb.messageSkipWaiting()
  }

  function dismiss() {
    needRefresh.value = false
    offlineReady.value = false
  }

  return { needRefresh, offlineReady, update, dismiss }
}
