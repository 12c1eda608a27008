import { ref } from 'vue'
import { MAX_FILL_MS } from '../../shared/constants'
import { deviceId } from './device'

/** The anti-automation fields of a public write (`PublicWriteFields` in shared/schemas/public-write.ts). */
export interface GuardFields { website: string, fillMs: number, deviceId: string }

/**
 * What every public form sends besides its own fields (server: services/anti-automation.ts): the honeypot's
 * value (`trap`, bound to `BaseHoneypot`; people leave it empty), the milliseconds since the form was shown,
 * and the device's random id for the per-device limit. Call `fields()` once when the resident submits; a body
 * kept in the outbox keeps that first fill time.
 */
export function useFormGuard(now: () => number = Date.now) {
  const shownAt = now()
  const trap = ref('')
  function fields(): GuardFields {
    return { website: trap.value, fillMs: Math.min(MAX_FILL_MS, Math.max(0, Math.round(now() - shownAt))), deviceId: deviceId() }
  }
  return { trap, fields }
}
