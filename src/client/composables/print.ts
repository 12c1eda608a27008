import type { Ref } from 'vue'
import { onScopeDispose } from 'vue'

/**
 * On paper a closed `<details>` under `root` shows only its summary, though its content may be all there is (a
 * video's transcript): those closed are opened for printing, and closed again after, as the reader left them.
 */
export function useOpenForPrint(root: Ref<HTMLElement | null | undefined>) {
  let opened: HTMLDetailsElement[] = []
  const before = () => {
    opened = [...root.value?.querySelectorAll<HTMLDetailsElement>('details:not([open])') ?? []]
    for (const details of opened)
      details.open = true
  }
  const after = () => {
    for (const details of opened)
      details.open = false
    opened = []
  }
  window.addEventListener('beforeprint', before)
  window.addEventListener('afterprint', after)
  onScopeDispose(() => {
    window.removeEventListener('beforeprint', before)
    window.removeEventListener('afterprint', after)
  })
}
