import { describe, expect, it } from 'vitest'
import { parseNumeral, splitArticles } from '../../../src/server/services/article-split'

const DRAFT = `浦东新区既有多层住宅加装电梯补贴办法
（征求意见稿）

第一章\u3000总\u3000则

第一条\u3000为改善既有多层住宅居住条件，方便老年人和行动不便者出行，根据《上海市既有多层住宅加装电梯指导意见》，结合本区实际，制定本办法。
第二条\u3000本办法适用于本区行政区域内已建成投入使用、未设电梯的四层及以上住宅。
第三条 区住房保障和房屋管理局负责本办法的组织实施。
区财政局负责补贴资金的保障和监督。

第二章 补贴标准
第四条\u3000每台电梯补贴不超过工程费用的百分之四十，最高二十八万元。有下列情形之一的，可以增加补贴：
（一）楼内居住的六十五周岁以上老年人超过三分之一的；
（二）楼内有持证残疾人的。
第三条规定的部门应当在受理后二十个工作日内完成审核。
第五条\u3000补贴资金在电梯竣工验收并投入使用后一次性拨付。

第三章\u3000附\u3000则
第十条\u3000本办法自2027年1月1日起施行，有效期五年。
`

describe('splitArticles', () => {
  it('splits a realistic draft into articles, with chapters, paragraphs and items kept in their article', () => {
    const { preamble, articles } = splitArticles(DRAFT)
    expect(preamble).toBe('浦东新区既有多层住宅加装电梯补贴办法\n（征求意见稿）')
    expect(articles.map(a => a.number)).toEqual(['第一条', '第二条', '第三条', '第四条', '第五条', '第十条'])
    expect(articles.map(a => a.chapter)).toEqual(['第一章 总 则', null, null, '第二章 补贴标准', null, '第三章 附 则'])
    expect(articles[0]!.text).toMatch(/^为改善既有多层住宅/)
    expect(articles[2]!.text).toBe('区住房保障和房屋管理局负责本办法的组织实施。\n区财政局负责补贴资金的保障和监督。')
    // items (一)(二) and a paragraph citing an earlier article stay in 第四条
    expect(articles[3]!.text.split('\n')).toEqual([
      '每台电梯补贴不超过工程费用的百分之四十，最高二十八万元。有下列情形之一的，可以增加补贴：',
      '（一）楼内居住的六十五周岁以上老年人超过三分之一的；',
      '（二）楼内有持证残疾人的。',
      '第三条规定的部门应当在受理后二十个工作日内完成审核。',
    ])
  })

  it('reads Arabic and full-width numerals and writes them in Chinese', () => {
    const { articles } = splitArticles('第1条 总的要求。\r\n第2条：具体措施。\n第１２条 附则。')
    expect(articles).toEqual([
      { number: '第一条', chapter: null, text: '总的要求。' },
      { number: '第二条', chapter: null, text: '具体措施。' },
      { number: '第十二条', chapter: null, text: '附则。' },
    ])
  })

  it('takes an article number on its own line with the text below, and a chapter name on the next line', () => {
    const { articles } = splitArticles('第一章\n总则\n第一条\n为了规范管理，制定本规定。\n第一节 一般规定\n第二条 本规定适用于全区。')
    expect(articles).toEqual([
      { number: '第一条', chapter: '第一章 总则', text: '为了规范管理，制定本规定。' },
      { number: '第二条', chapter: '第一节 一般规定', text: '本规定适用于全区。' },
    ])
  })

  it('keeps a section under its chapter and does not read a sentence as a heading', () => {
    const { articles } = splitArticles('第二章 补贴\n第一节 标准\n第五条 标准如下。\n第二章规定的标准，每年调整一次。')
    expect(articles).toEqual([{ number: '第五条', chapter: '第二章 补贴 第一节 标准', text: '标准如下。\n第二章规定的标准，每年调整一次。' }])
  })

  it('gives nothing but a preamble for text without articles', () => {
    expect(splitArticles('关于加装电梯的说明\n\n请提出意见。')).toEqual({ preamble: '关于加装电梯的说明\n请提出意见。', articles: [] })
    expect(splitArticles('')).toEqual({ preamble: '', articles: [] })
  })
})

describe('parseNumeral', () => {
  it('reads Chinese numerals up to the hundreds, and digits', () => {
    expect([parseNumeral('五'), parseNumeral('十'), parseNumeral('十二'), parseNumeral('二十'), parseNumeral('三十五'), parseNumeral('一百零五'), parseNumeral('一百二十'), parseNumeral('12'), parseNumeral('〇')]).toEqual([5, 10, 12, 20, 35, 105, 120, 12, 0])
    expect(parseNumeral('五a')).toBeNaN()
  })
})
