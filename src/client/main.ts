import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import { setApiLanguage } from './api/http'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { namespacesFor } from './i18n/namespaces'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
const i18n = createAppI18n()
const router = createAppRouter()
app.use(pinia).use(i18n).use(router)

// A page's messages are there before it renders.
router.beforeEach(async (to) => {
  await i18n.load(namespacesFor(to.path))
})

const settings = useSettingsStore(pinia)
watch(() => settings.locale, async (locale) => {
  await i18n.setLocale(locale)
  setApiLanguage(locale)
}, { immediate: true })

app.mount('#app')
