const DEVICE_KEY = 'gongkai.device'

/**
 * A random id this device made once: 有用/没用 and proposal support count once per device, and the server
 * limits comments per device with it (hashed). Not personal, not a tracker.
 */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY)
  if (!id || !/^[\w-]{16,64}$/.test(id)) {
    id = crypto.randomUUID().replace(/-/g, '')
    localStorage.setItem(DEVICE_KEY, id)
  }
  return id
}

/** A fresh Idempotency-Key for one submission (kept with the draft, so a retry reuses it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID()
}
