import type { Workbox } from 'workbox-window'
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { whenIdle } from '../idle'

/** Resolves after the window's load event, when the main thread is next idle (at most 3 s later). */
function afterLoadAndIdle(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => whenIdle(resolve, 3000)
    if (document.readyState === 'complete')
      idle()
    else
      window.addEventListener('load', idle, { once: true })
  })
}

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
    // Off the first page's critical path: workbox-window and the worker's precache download once the page
    // has loaded and the main thread is idle, not while the page's code and data are on their way.
    await afterLoadAndIdle()
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

  async function update() {
    if (!wb)
      return
    wb.addEventListener('controlling', () => window.location.reload())
    // another tab may have applied the update already (the new worker then controls this page too): only reload
    if ((await navigator.serviceWorker.getRegistration())?.waiting)
      wb.messageSkipWaiting()
    else
      window.location.reload()
  }

  function dismiss() {
    needRefresh.value = false
    offlineReady.value = false
  }

  return { needRefresh, offlineReady, update, dismiss }
}
