import type { I18n } from '../i18n'
import { useI18n } from '../i18n'

/** A moment as `11月24日 14:02` (Shanghai time), with the year when it is not this year's: `2025年11月24日 14:02`. */
export function formatMoment(d: I18n['d'], value: Date, now = new Date()): string {
  return d(value, d(value, 'year') === d(now, 'year') ? 'moment' : 'momentWithYear')
}

/** Dates as the resident's locale writes them, always in Shanghai time. */
export function useFormat() {
  const { d } = useI18n()
  return {
    /** a calendar date `YYYY-MM-DD` (a day in Shanghai, not an instant) */
    date: (isoDate: string | null | undefined) => isoDate ? d(new Date(`${isoDate}T12:00:00+08:00`), 'date') : '',
    dateTime: (iso: string | null | undefined) => iso ? d(new Date(iso), 'dateTime') : '',
    day: (iso: string | null | undefined) => iso ? d(new Date(iso), 'date') : '',
    /** when something happened on this device or was fetched: short, with the year only when it is not this one */
    moment: (value: Date | string | number) => formatMoment(d, new Date(value)),
  }
}
