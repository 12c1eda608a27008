import type { Ref } from 'vue'
import { ref, watch } from 'vue'

/** A list kept in localStorage under `key`; anything unreadable there reads as empty. */
export function readStoredList<T>(key: string): T[] {
  try {
    const list = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown
    return Array.isArray(list) ? list as T[] : []
  }
  catch {
    return []
  }
}

/**
 * A store's list kept on the device: read from localStorage at once, written back on every change, and
 * following another tab's writes (the outbox settling there, say), so this tab never writes back a stale copy.
 */
export function storedList<T>(key: string): Ref<T[]> {
  const items = ref(readStoredList<T>(key)) as Ref<T[]>
  watch(items, list => localStorage.setItem(key, JSON.stringify(list)), { deep: true })
  window.addEventListener('storage', (event) => {
    if (event.key === key)
      items.value = readStoredList<T>(key)
  })
  return items
}
