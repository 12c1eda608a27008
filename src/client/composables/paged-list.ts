import { ref, shallowRef } from 'vue'
import { useAction } from './action'

export interface Page<T> { items: T[], nextCursor: string | null }

/** A cursor-paged list: load the first page, then more; remembers errors instead of throwing them. */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const cursor = ref<string | null | undefined>(undefined)
  const { busy: loading, error, run } = useAction()

  async function load(reset = false) {
    if (loading.value || (!reset && cursor.value === null))
      return
    await run(async () => {
      const page = await fetchPage(reset ? undefined : cursor.value ?? undefined)
      items.value = reset ? page.items : [...items.value, ...page.items]
      cursor.value = page.nextCursor
    })
  }

  return { items, loading, error, done: () => cursor.value === null, load, reload: () => load(true) }
}
