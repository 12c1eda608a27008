import type { Ref } from 'vue'
import type { SavedRegistration } from '../stores/registrations'
import { computed, ref } from 'vue'
import { cancelRegistration, deleteRegistration, getRegistration } from '../api/events'
import { ApiError } from '../api/http'
import { useRegistrationsStore } from '../stores/registrations'

/**
 * One of the device's registrations: shown at once from what the device saved (so it opens offline),
 * then refreshed from the server, which is how a promotion from the waitlist reaches the resident.
 */
export function useTicket(code: Ref<string>) {
  const store = useRegistrationsStore()
  const saved = computed<SavedRegistration | undefined>(() => store.find(code.value))
  const offline = ref(false)
  const promoted = ref(false)
  /** the last refresh's failure (retried by refreshing), apart from the cancel's (retried by cancelling) */
  const error = ref<ApiError | null>(null)
  const cancelError = ref<ApiError | null>(null)
  const busy = ref(false)
  const deleteError = ref<ApiError | null>(null)

  async function refresh() {
    const reg = saved.value
    if (!reg)
      return
    try {
      const state = await getRegistration(reg.code, reg.manageToken)
      promoted.value = reg.status === 'waitlisted' && state.status === 'confirmed'
      store.update(state)
      offline.value = false
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      offline.value = e.offline
      if (!e.offline)
        error.value = e
    }
  }

  async function cancel() {
    const reg = saved.value
    if (!reg)
      return
    busy.value = true
    cancelError.value = null
    try {
      store.update(await cancelRegistration(reg.code, reg.manageToken))
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      cancelError.value = e
    }
    finally {
      busy.value = false
    }
  }

  /** Deletes the registration on the server, then forgets it here; true when done. */
  async function erase(): Promise<boolean> {
    const reg = saved.value
    if (!reg)
      return false
    busy.value = true
    deleteError.value = null
    try {
      await deleteRegistration(reg.code, reg.manageToken)
      store.remove(reg.code)
      return true
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      deleteError.value = e
      return false
    }
    finally {
      busy.value = false
    }
  }

  return { saved, offline, promoted, error, cancelError, deleteError, busy, refresh, cancel, erase }
}
