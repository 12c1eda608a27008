import { beforeEach, describe, expect, it } from 'vitest'
import { forgetDoorLists, readDoorList } from '../../../src/client/composables/checkin'

const list = (eventId: number, queue: Array<{ code: string, at: string }>) => ({ eventId, title: '开放日', publicKey: 'k', downloadedAt: '2026-11-24T08:00:00Z', rows: [{ code: 'ABC123', name: '王阿姨', partySize: 1, status: 'confirmed', checkedInAt: null }], queue })

describe('door lists at sign-out', () => {
  beforeEach(() => localStorage.clear())

  it('removes the names from the device, except a list with check-ins still to send', () => {
    localStorage.setItem('gongkai.checkin.1', JSON.stringify(list(1, [])))
    localStorage.setItem('gongkai.checkin.2', JSON.stringify(list(2, [{ code: 'ABC123', at: '2026-11-24T09:00:00Z' }])))
    localStorage.setItem('gongkai.receipts', '[]')
    expect(forgetDoorLists()).toBe(1)
    expect(readDoorList(1)).toBeNull()
    expect(readDoorList(2)?.queue).toHaveLength(1)
    expect(localStorage.getItem('gongkai.receipts')).toBe('[]')
  })
})
