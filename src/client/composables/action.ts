import { ref } from 'vue'
import { ApiError } from '../api/http'

/**
 * One API action a screen runs (a load, a deletion, a staff member's button), with what it failed with kept
 * (not thrown) for `BaseError` or `BaseConfirm` to show with a retry. `run(work)` sets `busy`, clears the last
 * `error`, and resolves to what `work` gave, or to undefined when it failed: `error` is then the `ApiError`
 * (a script's error becomes one without a problem, shown as "something went wrong"), which the caller may read
 * for what to do next (`error.value?.status === 409`). Work that must happen while `busy` (the page's refs set
 * from the answer, an event emitted) goes inside `work`. Independent actions on one screen, each with its own
 * message, take one `useAction()` each.
 */
export function useAction() {
  const busy = ref(false)
  const error = ref<ApiError>()

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = undefined
    try {
      return await work()
    }
    catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(undefined)
      return undefined
    }
    finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
