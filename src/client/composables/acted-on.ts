import { shallowRef } from 'vue'
import { readStoredList } from './stored-list'

/** Where each list lives in localStorage. */
export const ACTED_ON = { supportedProposals: 'gongkai.supported', reportedComments: 'gongkai.reported-comments' } as const

/** How many ids a list keeps: the oldest go first (the server counts a repeat once anyway). */
const MAX_IDS = 500

/**
 * The ids of things this device did once and is not offered again (a proposal it supported, a comment it
 * reported; the server knows the device by composables/device.ts). Read once, when a page calls it: pass the
 * result down to the page's items rather than calling it per item.
 */
export function useActedOn(key: typeof ACTED_ON[keyof typeof ACTED_ON]) {
  const read = () => readStoredList<unknown>(key).filter((id): id is number => typeof id === 'number')
  const ids = shallowRef<ReadonlySet<number>>(new Set(read()))

  /** Remembers one more id (merged with what another tab may have written meanwhile). */
  function remember(id: number) {
    const list = [...read().filter(n => n !== id), id].slice(-MAX_IDS)
    localStorage.setItem(key, JSON.stringify(list))
    ids.value = new Set(list)
  }
  return { has: (id: number) => ids.value.has(id), remember }
}

export type ActedOn = ReturnType<typeof useActedOn>
