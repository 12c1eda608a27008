import { describe, expect, it } from 'vitest'
import { compareVersions } from '../../../src/server/repositories/consultations'

const a = (anchor: string, number: string, text: string) => ({ anchor, number, chapter: null, text })

describe('compareVersions', () => {
  it('pairs articles by anchor and marks added, removed, changed and unchanged ones in place', () => {
    const draft = [a('a1', '第一条', '甲'), a('a2', '第二条', '乙'), a('a3', '第三条', '丙丙'), a('a4', '第四条', '丁')]
    const final = [a('a1', '第一条', '甲'), a('n1', '第二条', '新'), a('a3', '第三条', '丙丁'), a('a4', '第四条', '丁')]
    const rows = compareVersions(draft, final)
    expect(rows.map(r => [r.anchor, r.change, r.draftNumber, r.finalNumber])).toEqual([
      ['a1', 'same', '第一条', '第一条'],
      ['a2', 'removed', '第二条', null],
      ['n1', 'added', null, '第二条'],
      ['a3', 'changed', '第三条', '第三条'],
      ['a4', 'same', '第四条', '第四条'],
    ])
    expect(rows[3]!.segments).toEqual([{ op: 'same', text: '丙' }, { op: 'del', text: '丙' }, { op: 'ins', text: '丁' }])
  })

  it('keeps a moved article as one row at its new place', () => {
    const rows = compareVersions([a('a1', '第一条', '甲'), a('a2', '第二条', '乙')], [a('a2', '第一条', '乙'), a('a1', '第二条', '甲')])
    expect(rows.map(r => [r.anchor, r.change, r.draftNumber, r.finalNumber])).toEqual([['a2', 'same', '第二条', '第一条'], ['a1', 'same', '第一条', '第二条']])
  })

  it('lists articles removed at the end', () => {
    const rows = compareVersions([a('a1', '第一条', '甲'), a('a2', '第二条', '乙')], [a('a1', '第一条', '甲')])
    expect(rows.map(r => r.change)).toEqual(['same', 'removed'])
  })
})
