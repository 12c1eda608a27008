import { describe, expect, it } from 'vitest'
import { addWorkingDays, isWorkingDay, shanghaiDate, workingDaysBetween } from '../../src/server/services/working-days'

describe('working days (Chinese public holidays and make-up days)', () => {
  it('reads an instant as its Shanghai date', () => {
    // 17:30 UTC on 30 September is already 1 October in Shanghai
    expect(shanghaiDate(new Date('2026-09-30T17:30:00Z'))).toBe('2026-10-01')
  })

  it('skips the National Day week and counts the make-up Saturday', () => {
    // 2026: 1–7 October off; Saturday 10 October is a working day
    expect(isWorkingDay('2026-10-05')).toBe(false)
    expect(isWorkingDay('2026-10-10')).toBe(true)
    // received on 30 September: 8, 9, 10 (Saturday, make-up), 12, 13 October
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 5)).toBe('2026-10-13')
  })

  it('counts an ordinary week as five days', () => {
    expect(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 5)).toBe('2026-11-27')
    expect(workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5)
    expect(workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0)
  })

  it('gives a one-working-day deadline across a weekend', () => {
    expect(addWorkingDays(new Date('2026-11-20T08:00:00Z'), 1)).toBe('2026-11-23')
  })
})
