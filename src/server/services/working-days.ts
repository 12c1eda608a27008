import chineseDays from 'chinese-days'
import { TIME_ZONE } from '../../shared/constants'

// The package is CommonJS without an export map: Node's ESM loader sees only its default export.
const { findWorkday, isWorkday } = chineseDays

// Chinese public holidays and make-up working days (调休) come from the maintained `chinese-days`
// calendar, updated each year when the State Council publishes the next year's schedule: keep the
// package current. A year it does not know yet counts plain Monday–Friday.

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar date (YYYY-MM-DD) an instant falls on in Shanghai. */
export function shanghaiDate(instant: Date): string {
  return shanghaiDay.format(instant)
}

/** The date `n` working days after the day `from` falls on in Shanghai: a deadline of n working days. */
export function addWorkingDays(from: Date, n: number): string {
  return findWorkday(n, shanghaiDate(from))
}

/** Whether a calendar date (YYYY-MM-DD) is a working day in mainland China. */
export function isWorkingDay(date: string): boolean {
  return isWorkday(date)
}

/** Working days from one Shanghai date to another (0 when `to` is not after `from`); `to` counts, `from` does not. */
export function workingDaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T12:00:00Z`)
  const days = Math.round((Date.parse(`${to}T12:00:00Z`) - start) / 86_400_000)
  let count = 0
  for (let i = 1; i <= days; i++) {
    if (isWorkday(new Date(start + i * 86_400_000).toISOString().slice(0, 10)))
      count++
  }
  return count
}
