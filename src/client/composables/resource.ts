import type { Ref } from 'vue'
import { computed, shallowRef, watch } from 'vue'
import { fetchedAt } from '../api/http'
import { useAction } from './action'

/**
 * When a loaded value's content was made by the server: the value's own answer, or for a value put together
 * from several answers (a consultation with its report) the oldest of its parts.
 */
export function contentDate(value: unknown): Date | undefined {
  const own = fetchedAt(value)
  if (own || typeof value !== 'object' || value === null)
    return own
  const dates = Object.values(value).map(fetchedAt).filter((d): d is Date => !!d)
  return dates.length ? new Date(Math.min(...dates.map(Number))) : undefined
}

/**
 * One thing loaded by key (a document by id, a bundle by slug): reloaded when the key changes, with
 * the API's problem kept (not thrown) so the page can say what went wrong and offer to retry.
 * `fetchedAt` is when the server made what is shown (older than now when it came from the device's caches).
 * `ready`: the current key's value (or its problem) is there; the last key's value stays shown meanwhile.
 */
export function useResource<K, T>(key: () => K, fetch: (key: K) => Promise<T>, onLoaded?: (value: T) => void | Promise<void>) {
  const data = shallowRef<T>() as Ref<T | undefined>
  const { error, run } = useAction()
  const settledFor = shallowRef<K>()

  async function load() {
    const k = key()
    const loaded = await run(async () => {
      data.value = await fetch(k)
      settledFor.value = k
      await onLoaded?.(data.value)
      return true
    })
    if (!loaded)
      settledFor.value = k
  }
  watch(key, load, { immediate: true })
  const ready = computed(() => settledFor.value === key())
  return { data, error, ready, load, fetchedAt: computed(() => contentDate(data.value)) }
}
