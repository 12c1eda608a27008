const DEVICE_KEY = 'gongkai.device'

/** A random id this device made once: counts 有用/没用 once per device. Not personal, not a tracker. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY)
  if (!id) {
    id = crypto.randomUUID().replace(/-/g, '')
    localStorage.setItem(DEVICE_KEY, id)
  }
  return id
}

/** A fresh Idempotency-Key for one submission (kept with the draft, so a retry reuses it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID()
}
