import type { Ref } from 'vue'
import { ref, shallowRef, watch } from 'vue'
import { ApiError } from '../api/http'

/**
 * One thing loaded by key (a document by id, a bundle by slug): reloaded when the key changes, with
 * the API's problem kept (not thrown) so the page can say what went wrong and offer to retry.
 */
export function useResource<K, T>(key: () => K, fetch: (key: K) => Promise<T>, onLoaded?: (value: T) => void | Promise<void>) {
  const data = shallowRef<T>() as Ref<T | undefined>
  const error = ref<ApiError>()

  async function load() {
    error.value = undefined
    try {
      data.value = await fetch(key())
      await onLoaded?.(data.value)
    }
    catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(undefined)
    }
  }
  watch(key, load, { immediate: true })
  return { data, error, load }
}
