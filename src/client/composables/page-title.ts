import type { Ref } from 'vue'
import { onMounted, watch } from 'vue'
import { useI18n } from '../i18n'
import { whenAppShown } from '../offline/page-snapshot'
import { useAnnouncer } from './announcer'

/**
 * For the page's one h1: sets document.title, moves focus to the heading after a client-side
 * navigation, and announces the new page to screen readers. `title` may arrive later (loaded data).
 */
export function usePageTitle(heading: Ref<HTMLElement | null>, title: Ref<string | undefined>) {
  const { t } = useI18n()
  const { announce } = useAnnouncer()
  const apply = (text: string | undefined) => {
    if (!text)
      return
    document.title = `${text} - ${t('app.name')}`
    // The first page of a visit keeps the browser's own focus; later pages take it, as a new page would.
    // (once the app is on screen, not while a page snapshot stands in for it)
    if (window.history.state?.back != null) {
      whenAppShown(() => {
        heading.value?.focus({ preventScroll: true })
        announce(t('app.opened', { title: text }))
      })
    }
  }
  onMounted(() => apply(title.value))
  watch(title, apply, { flush: 'post' })
}
