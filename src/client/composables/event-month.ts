import { TIME_ZONE } from '../../shared/constants'

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export const shanghaiDate = (iso: string | Date) => ymd.format(typeof iso === 'string' ? new Date(iso) : iso)

/**
 * The month the calendar opens on: August (政府开放月) from July on, so residents see open month first;
 * the current month otherwise.
 */
export function defaultMonth(now: Date): string {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number]
  return m === 7 || m === 8 ? `${y}-08` : `${y}-${String(m).padStart(2, '0')}`
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

export interface CalendarDay<T> { date: string, day: number, inMonth: boolean, items: T[] }

/** Weeks (Monday first, as Chinese calendars do) of a month, each day with the items that start on it. */
export function monthGrid<T extends { startsAt: string }>(month: string, items: T[]): Array<Array<CalendarDay<T>>> {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const first = new Date(Date.UTC(y, m - 1, 1))
  const offset = (first.getUTCDay() + 6) % 7
  const byDate = new Map<string, T[]>()
  for (const item of items) {
    const date = shanghaiDate(item.startsAt)
    byDate.set(date, [...(byDate.get(date) ?? []), item])
  }
  const weeks: Array<Array<CalendarDay<T>>> = []
  const cursor = new Date(first.getTime() - offset * 86_400_000)
  do {
    const week: Array<CalendarDay<T>> = []
    for (let i = 0; i < 7; i++) {
      const date = cursor.toISOString().slice(0, 10)
      week.push({ date, day: cursor.getUTCDate(), inMonth: cursor.getUTCMonth() === m - 1, items: byDate.get(date) ?? [] })
      cursor.setUTCDate(cursor.getUTCDate() + 1)
    }
    weeks.push(week)
  } while (cursor.getUTCMonth() === m - 1)
  return weeks
}

/** A link that opens the phone's map app (高德 hands over to the app where it is installed). */
export function mapLink(e: { venue: string, address: string, lat: number | null, lng: number | null }): string {
  const name = encodeURIComponent(e.venue)
  if (e.lat !== null && e.lng !== null)
    return `https://uri.amap.com/marker?position=${e.lng},${e.lat}&name=${name}&callnative=1`
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(e.address)}&callnative=1`
}
