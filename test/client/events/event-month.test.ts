import { describe, expect, it } from 'vitest'
import { defaultMonth, mapLink, monthGrid, shiftMonth } from '../../../src/client/composables/event-month'

describe('defaultMonth', () => {
  it('opens on August in July and August (open month), on the current month otherwise', () => {
    expect(defaultMonth(new Date('2026-07-05T02:00:00Z'))).toBe('2026-08')
    expect(defaultMonth(new Date('2026-08-31T15:00:00Z'))).toBe('2026-08')
    expect(defaultMonth(new Date('2026-08-31T16:30:00Z'))).toBe('2026-09')
    expect(defaultMonth(new Date('2026-11-24T09:00:00Z'))).toBe('2026-11')
  })
})

describe('monthGrid', () => {
  it('lays out August 2026 from Monday with events on their Shanghai day', () => {
    const weeks = monthGrid('2026-08', [{ startsAt: '2026-08-09T17:00:00Z', id: 1 }, { startsAt: '2026-08-01T01:30:00Z', id: 2 }])
    expect(weeks[0]![0]!.date).toBe('2026-07-27')
    expect(weeks[0]![5]).toMatchObject({ date: '2026-08-01', inMonth: true, items: [{ id: 2 }] })
    const all = weeks.flat()
    expect(all.find(d => d.date === '2026-08-10')!.items).toEqual([{ startsAt: '2026-08-09T17:00:00Z', id: 1 }])
    expect(all.at(-1)!.date).toBe('2026-09-06')
    expect(weeks.every(w => w.length === 7)).toBe(true)
  })

  it('shifts months across years', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
  })
})

describe('mapLink', () => {
  it('points at the venue, or searches the address', () => {
    expect(mapLink({ venue: '水厂', address: '江川路', lat: 31.1, lng: 121.5 })).toContain('position=121.5,31.1')
    expect(mapLink({ venue: '水厂', address: '江川路2100号', lat: null, lng: null })).toContain(`keyword=${encodeURIComponent('江川路2100号')}`)
  })
})
