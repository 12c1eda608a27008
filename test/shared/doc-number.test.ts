import { describe, expect, it } from 'vitest'
import { findDocNumbers, isDocNumber, normalizeDocNumber, normalizeDocNumbersInText } from '../../src/shared/doc-number'

describe('normalizeDocNumber', () => {
  it.each([
    ['沪府办发[2018]16号'],
    ['沪府办发［2018］16号'],
    ['沪府办发（2018）16号'],
    ['沪府办发(2018)16号'],
    ['沪府办发【2018】16号'],
    ['沪府办发﹝2018﹞16号'],
    ['沪府办发〖2018〗16号'],
    ['沪府办发{2018}16号'],
    ['沪府办发〔2018〕16号'],
    ['沪府办发 [ 2018 ] 16 号'],
    [' 沪府办发〔2018〕 16号 '],
    ['沪府办发〔２０１８〕１６号'],
    ['沪府办发〔2018〕第16号'],
  ])('maps %s to the official spelling', (input) => {
    expect(normalizeDocNumber(input)).toBe('沪府办发〔2018〕16号')
  })

  it('is idempotent and leaves a 文号 without a year alone', () => {
    expect(normalizeDocNumber(normalizeDocNumber('浦府办(2023)18号'))).toBe('浦府办〔2023〕18号')
    expect(normalizeDocNumber('沪府令 第 36 号')).toBe('沪府令第36号')
  })

  it('only rewrites brackets that hold a year', () => {
    expect(normalizeDocNumber('《办法》(沪府办发[2016]9号)')).toBe('《办法》(沪府办发〔2016〕9号)')
  })
})

describe('findDocNumbers', () => {
  it('finds the 文号 cited in 嘉定 2018, half-width brackets included, normalised', () => {
    const text = '深入贯彻中共中央办公厅、国务院办公厅印发的《关于全面推进政务公开工作的意见》(中办发[2016]8号)及其实施细则,'
      + '细化落实…《关于全面推进政务公开工作的实施意见》(沪委办发[2017]14号),以及市政府办公厅印发的《2018年政务公开工作要点》(沪府办发[2018]16号)'
    expect(findDocNumbers(text)).toEqual(['中办发〔2016〕8号', '沪委办发〔2017〕14号', '沪府办发〔2018〕16号'])
  })

  it('does not swallow the verbs that run into an abbreviation', () => {
    expect(findDocNumbers('围绕贯彻落实中办发〔2016〕8号、国办发〔2016〕19号文,市政府常务会议多次审议')).toEqual(['中办发〔2016〕8号', '国办发〔2016〕19号'])
    expect(findDocNumbers('根据国办发（2017）42号的要求')).toEqual(['国办发〔2017〕42号'])
  })

  it('finds government orders, which have no year', () => {
    expect(findDocNumbers('全面落实《上海市行政处罚案件信息主动公开办法》(沪府令第36号),规范公开的内容')).toEqual(['沪府令第36号'])
  })

  it('lists each 文号 once, whatever brackets each occurrence uses', () => {
    expect(findDocNumbers('沪府办发[2018]16号和沪府办发【2018】16号及浦府办〔2017〕23号')).toEqual(['沪府办发〔2018〕16号', '浦府办〔2017〕23号'])
  })

  it('ignores dates, year ranges and plain numbers', () => {
    expect(findDocNumbers('2018年5月30日印发《三年行动计划(2018-2020)》及（2018—2020年）规划，共印130份，第3号楼')).toEqual([])
  })
})

describe('isDocNumber and normalizeDocNumbersInText', () => {
  it('tells a 文号 line from a sentence that cites one', () => {
    expect(isDocNumber('浦府办〔2017〕23号')).toBe(true)
    expect(isDocNumber('杨府办 [2021] 10 号')).toBe(true)
    expect(isDocNumber('现将《要点》(沪府办发[2017]31号)印发给你们')).toBe(false)
  })

  it('rewrites only the 文号 inside a text', () => {
    expect(normalizeDocNumbersInText('按照(沪府办发[2017]31号)精神,做好2018年工作'))
      .toBe('按照(沪府办发〔2017〕31号)精神,做好2018年工作')
  })
})
