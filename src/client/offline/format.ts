/** A size as people read it: `850 B`, `12.4 KB`, `3.1 MB`, `1.2 GB` (1024-based, as phones show storage). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`
}

/** Content older than this says when it was fetched, even online. */
export const STALE_AFTER_MS = 30 * 60_000

/** Whether a page should say when its content was fetched: always offline, online when older than STALE_AFTER_MS. */
export function showContentDate(at: Date | undefined, online: boolean, now = Date.now()): boolean {
  return !!at && (!online || now - at.getTime() > STALE_AFTER_MS)
}
