// The only saved-items code a readable page loads until the resident taps 保存到本机: a flag in localStorage says
// whether anything is saved, so a page opens neither the `gongkai-saved` database nor idb for residents who never saved.
const FLAG = 'gongkai.saved'

/** Whether the browser can keep items at all (Cache Storage and IndexedDB: a secure context). */
export const canSave = () => typeof caches !== 'undefined' && typeof indexedDB !== 'undefined'

/** Whether this device has saved items (set by saveItem, cleared when the last one goes). */
export const hasSavedItems = () => localStorage.getItem(FLAG) !== null

export function markSavedItems(any: boolean) {
  if (any)
    localStorage.setItem(FLAG, '1')
  else
    localStorage.removeItem(FLAG)
}
