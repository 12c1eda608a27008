import type { Ref } from 'vue'
import type { EventDetail } from '../../shared/schemas/events'
import { ref, watch } from 'vue'
import { getEvent } from '../api/events'
import { ApiError } from '../api/http'

/** Loads one event for a page; `error` holds a problem or an offline failure. */
export function useEvent(id: Ref<number>) {
  const event = ref<EventDetail | null>(null)
  const error = ref<ApiError | null>(null)
  const loading = ref(true)
  async function load() {
    loading.value = true
    error.value = null
    try {
      event.value = await getEvent(id.value)
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      error.value = e
    }
    finally {
      loading.value = false
    }
  }
  watch(id, load, { immediate: true })
  return { event, error, loading, load }
}
