import { ref } from 'vue'
import { deviceId } from './device'

/** The server's ceiling for a fill time (`MAX_FILL_MS` in shared/schemas/public-write.ts: 30 days). */
const MAX_FILL_MS = 30 * 86_400_000

/**
 * What every public form sends besides its own fields (server: services/anti-automation.ts): the honeypot's
 * value (`trap`, bound to `BaseHoneypot`; people leave it empty), the milliseconds since the form was shown,
 * and the device's random id for the per-device limit. Call `fields()` when the resident submits; a body
 * kept in the outbox keeps that first fill time.
 */
export function useFormGuard(now: () => number = Date.now) {
  const shownAt = now()
  const trap = ref('')
  function fields() {
    return { website: trap.value, fillMs: Math.min(MAX_FILL_MS, Math.max(0, Math.round(now() - shownAt))), deviceId: deviceId() }
  }
  return { trap, fields }
}
