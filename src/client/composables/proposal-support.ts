// Which proposals this device supported (one support per proposal per device; the id is composables/device.ts).
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
