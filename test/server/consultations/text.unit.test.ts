import { describe, expect, it } from 'vitest'
import { articleNumber, chineseNumeral, diffText } from '../../../src/server/services/article-diff'
import { normaliseLine, normaliseText } from '../../../src/server/services/text'

describe('normaliseText', () => {
  it('composes to NFC, drops control and invisible characters, collapses whitespace', () => {
    expect(normaliseText('  a\u0000b\u200Bc \t d\u202E ')).toBe('abc d')
    expect(normaliseText('Cafe\u0301')).toBe('Café')
    expect(normaliseText('一\r\n\r\n\r\n\r\n二 \n 三')).toBe('一\n\n二\n三')
  })
  it('keeps markup as plain characters', () => {
    expect(normaliseText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>')
  })
  it('makes one line of a name and null of nothing', () => {
    expect(normaliseLine(' 王\n先生 ')).toBe('王 先生')
    expect(normaliseLine('  ')).toBeNull()
    expect(normaliseLine(undefined)).toBeNull()
  })
})

describe('diffText', () => {
  it('marks changed characters in Chinese', () => {
    expect(diffText('补贴百分之四十', '补贴百分之五十')).toEqual([{ op: 'same', text: '补贴百分之' }, { op: 'del', text: '四' }, { op: 'ins', text: '五' }, { op: 'same', text: '十' }])
  })
  it('treats a Latin word or a number as one token', () => {
    expect(diffText('自2027年起', '自2028年起')).toEqual([{ op: 'same', text: '自' }, { op: 'del', text: '2027' }, { op: 'ins', text: '2028' }, { op: 'same', text: '年起' }])
  })
  it('gives back both texts whole when they share nothing, and nothing marked when equal', () => {
    expect(diffText('甲', '乙')).toEqual([{ op: 'del', text: '甲' }, { op: 'ins', text: '乙' }])
    expect(diffText('相同', '相同')).toEqual([{ op: 'same', text: '相同' }])
    expect(diffText('', '新')).toEqual([{ op: 'ins', text: '新' }])
  })
  it('rebuilds each side from its segments', () => {
    const before = '补贴资金在电梯竣工验收并投入使用后一次性拨付。'
    const after = '补贴资金在电梯竣工验收后分两次拨付，首次拨付百分之六十。'
    const segs = diffText(before, after)
    expect(segs.filter(s => s.op !== 'ins').map(s => s.text).join('')).toBe(before)
    expect(segs.filter(s => s.op !== 'del').map(s => s.text).join('')).toBe(after)
  })
})

describe('articleNumber', () => {
  it('writes Chinese numerals', () => {
    expect([1, 5, 10, 11, 20, 21, 99, 100, 105, 110, 121].map(chineseNumeral)).toEqual(['一', '五', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '一百二十一'])
    expect(articleNumber(6)).toBe('第六条')
  })
})
