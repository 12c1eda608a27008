import { useI18n } from '../i18n'

/** Dates as the resident's locale writes them, always in Shanghai time. */
export function useFormat() {
  const { d } = useI18n()
  return {
    /** a calendar date `YYYY-MM-DD` (a day in Shanghai, not an instant) */
    date: (isoDate: string | null | undefined) => isoDate ? d(new Date(`${isoDate}T12:00:00+08:00`), 'date') : '',
    dateTime: (iso: string | null | undefined) => iso ? d(new Date(iso), 'dateTime') : '',
    day: (iso: string | null | undefined) => iso ? d(new Date(iso), 'date') : '',
  }
}
