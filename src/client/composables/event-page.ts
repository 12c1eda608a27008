import type { Ref } from 'vue'
import { computed } from 'vue'
import { getEvent } from '../api/events'
import { useResource } from './resource'

/** Loads one event for a page; `error` holds a problem or an offline failure, `fetchedAt` as useResource's. */
export function useEvent(id: Ref<number>) {
  const { data: event, error, ready, load, fetchedAt } = useResource(() => id.value, key => getEvent(key))
  /** nothing to show yet, and nothing went wrong */
  const loading = computed(() => !event.value && !error.value)
  return { event, error, ready, loading, load, fetchedAt }
}
