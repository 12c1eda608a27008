import { ref } from 'vue'

export type CopyStatus = 'idle' | 'copied' | 'failed' | 'selected'

/**
 * Copying text to the clipboard. `status` is `copied`, or `failed` when the browser refuses (an insecure page,
 * a denied permission); given `fallback`, a refusal selects that element's text instead (`selected`), so the
 * resident can copy it themselves.
 */
export function useCopy() {
  const status = ref<CopyStatus>('idle')

  async function copy(text: string, fallback?: HTMLElement | null) {
    try {
      await navigator.clipboard.writeText(text)
      status.value = 'copied'
    }
    catch {
      if (!fallback) {
        status.value = 'failed'
        return
      }
      const range = document.createRange()
      range.selectNodeContents(fallback)
      window.getSelection()?.removeAllRanges()
      window.getSelection()?.addRange(range)
      status.value = 'selected'
    }
  }
  return { status, copy }
}
