import { ref, shallowRef } from 'vue'
import { ApiError } from '../api/http'

export interface Page<T> { items: T[], nextCursor: string | null }

/** A cursor-paged list: load the first page, then more; remembers errors instead of throwing them. */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const cursor = ref<string | null | undefined>(undefined)
  const loading = ref(false)
  const error = ref<ApiError | undefined>()

  async function load(reset = false) {
    if (loading.value || (!reset && cursor.value === null))
      return
    loading.value = true
    error.value = undefined
    try {
      const page = await fetchPage(reset ? undefined : cursor.value ?? undefined)
      items.value = reset ? page.items : [...items.value, ...page.items]
      cursor.value = page.nextCursor
    }
    catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(undefined)
    }
    finally {
      loading.value = false
    }
  }

  return { items, loading, error, done: () => cursor.value === null, load, reload: () => load(true) }
}
