import type { RecentContent } from './recent'
import type { SavedItem, StorageInfo } from './saved'
import { computed, onMounted, ref, shallowRef } from 'vue'
import { clearRecent as clearKept, keepsRecent, measureRecent } from './recent'
import { listSaved, removeAll as removeEverything, removeItem, requestPersistence, storageInfo, totalBytes } from './saved'
import { canSave } from './saved-flag'

/**
 * 我的 → 离线内容: what is saved, what the app keeps by itself (./recent.ts), the storage they take, and whether
 * the browser keeps it for good.
 */
export function useOfflineContent() {
  const items = shallowRef<SavedItem[]>([])
  const storage = ref<StorageInfo>({})
  const loaded = ref(false)
  const available = canSave()
  const recentAvailable = keepsRecent()
  /** what the app keeps by itself; none once loaded: it could not be counted */
  const recent = shallowRef<RecentContent>()
  /** the automatic caches could not be counted: the page says so (and still offers to clear them) */
  const recentFailed = computed(() => recentAvailable && loaded.value && !recent.value)

  async function refreshRecent() {
    try {
      recent.value = await measureRecent()
    }
    catch {
      recent.value = undefined
    }
  }

  async function refresh() {
    await Promise.all([
      available && Promise.all([listSaved(), storageInfo()]).then(([list, info]) => {
        items.value = list
        storage.value = info
      }),
      recentAvailable && refreshRecent(),
    ])
    loaded.value = true
  }
  onMounted(refresh)

  async function remove(key: string) {
    await removeItem(key)
    await refresh()
  }
  async function removeAll() {
    await removeEverything()
    await refresh()
  }
  async function askPersistence() {
    await requestPersistence()
    await refresh()
  }
  /** Clears the automatic caches (never the saved items); refreshes the figures whether it worked or not. */
  async function clearRecent() {
    try {
      await clearKept()
    }
    finally {
      await refresh()
    }
  }
  return {
    available,
    items,
    storage,
    loaded,
    total: computed(() => totalBytes(items.value)),
    remove,
    removeAll,
    askPersistence,
    recentAvailable,
    recent,
    recentFailed,
    clearRecent,
  }
}
