import { nextTick, onScopeDispose, ref, watch } from 'vue'
import { whenIdle } from '../idle'

/** What to put on the page in steps: how many in all, and how many at once. */
interface StepPlan {
  total: number
  first: number
}

/**
 * Something long put on the page in steps: `first` steps at once, then one more per idle moment once the
 * first paint is done, so the page paints early and no step holds the main thread long. A new plan (another
 * document in the same page) starts over from its own `first`; within a plan steps are only ever added.
 * `showAll()` shows every step at once.
 */
export function useStepwise(plan: () => StepPlan | undefined) {
  const shown = ref(0)
  let total = 0
  let cancel: (() => void) | undefined

  function stop() {
    cancel?.()
    cancel = undefined
  }

  function next() {
    cancel = undefined
    if (shown.value >= total)
      return
    shown.value++
    cancel = whenIdle(next)
  }

  function start(value: StepPlan | undefined) {
    stop()
    total = value?.total ?? 0
    shown.value = Math.min(total, value?.first ?? 0)
    // a frame (the first paint), then the idle chain
    const frame = requestAnimationFrame(() => {
      cancel = whenIdle(next)
    })
    cancel = () => cancelAnimationFrame(frame)
  }
  watch(plan, start, { immediate: true })

  /** Shows every step and waits for the DOM. */
  async function showAll() {
    stop()
    shown.value = total
    await nextTick()
  }

  // a printout has it all
  const print = () => void showAll()
  window.addEventListener('beforeprint', print)
  onScopeDispose(() => {
    stop()
    window.removeEventListener('beforeprint', print)
  })
  return { shown, showAll }
}
