const KEY = 'gongkai.device'

/** A random id for this device, kept in localStorage: one support per proposal per device, nothing personal. */
export function deviceId(): string {
  let id = localStorage.getItem(KEY)
  if (!id) {
    id = crypto.randomUUID()
    localStorage.setItem(KEY, id)
  }
  return id
}

const SUPPORTED = 'gongkai.supported'
export function supportedIds(): number[] {
  try {
    return JSON.parse(localStorage.getItem(SUPPORTED) ?? '[]') as number[]
  }
  catch {
    return []
  }
}
export const rememberSupport = (id: number) => localStorage.setItem(SUPPORTED, JSON.stringify([...new Set([...supportedIds(), id])]))
