import type { SavedItem, StorageInfo } from './saved'
import { computed, onMounted, ref, shallowRef } from 'vue'
import { listSaved, removeAll as removeEverything, removeItem, requestPersistence, storageInfo, totalBytes } from './saved'
import { canSave } from './saved-flag'

/** 我的 → 离线内容: what is saved, the storage it takes, and whether the browser keeps it for good. */
export function useOfflineContent() {
  const items = shallowRef<SavedItem[]>([])
  const storage = ref<StorageInfo>({})
  const loaded = ref(false)
  const available = canSave()

  async function refresh() {
    if (available)
      [items.value, storage.value] = await Promise.all([listSaved(), storageInfo()])
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
  return { available, items, storage, loaded, total: computed(() => totalBytes(items.value)), remove, removeAll, askPersistence }
}
