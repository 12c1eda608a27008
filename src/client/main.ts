import type { RouteLocationNormalized } from 'vue-router'
import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import { START_LOCATION } from 'vue-router'
import { prefetchApi, resetPageReads, setApiLanguage } from './api/http'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { namespacesFor } from './i18n/namespaces'
import { holdSnapshot } from './offline/page-snapshot'
import { snapshotPath } from './offline/snapshots'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
const i18n = createAppI18n()
const router = createAppRouter()
app.use(pinia).use(i18n).use(router)

const settings = useSettingsStore(pinia)
// before the first navigation, so the first page's prefetched read asks in the resident's language
setApiLanguage(settings.locale)

/** Route components still to download: vue-router would fetch them only after the guards. */
function pageCode(to: RouteLocationNormalized): Array<Promise<unknown>> {
  return to.matched.flatMap(record => Object.values(record.components ?? {}))
    .filter((c): c is () => Promise<unknown> => typeof c === 'function' && !('displayName' in c) && !('props' in c) && !('__vccOpts' in c))
    .map(load => load())
}

// A page's messages are there before it renders. Its code, its messages and its first API read
// (route meta `prefetch`) download at the same time, rather than one after the other.
router.beforeEach(async (to, from) => {
  // a new page (not a jump to an anchor within it) reads anew: what it reads is what its snapshot records, kept
  // only on a page that may have one
  if (from === START_LOCATION || to.fullPath.split('#')[0] !== from.fullPath.split('#')[0])
    resetPageReads(snapshotPath(new URL(to.fullPath, location.origin)) !== null)
  for (const read of [to.meta.prefetch?.(to) ?? []].flat())
    prefetchApi(read)
  await Promise.all([i18n.load(namespacesFor(to.path)), ...pageCode(to)])
})

watch(() => settings.locale, async (locale) => {
  await i18n.setLocale(locale)
  setApiLanguage(locale)
}, { immediate: true })

// A snapshot the service worker painted stays until the page is there (offline/page-snapshot.ts).
holdSnapshot(router)
app.mount('#app')
