import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docNumberToken, highlight, MAX_QUERY_TOKENS, tokenize, tokenizeQuery, toTsQuery } from '../../src/shared/tokenizer'

const CORPUS = new URL('../../src/server/demo/corpus/', import.meta.url)
const corpus = (name: string) => readFileSync(new URL(name, CORPUS), 'utf8')
const PUDONG_2023 = corpus('pudong-2023-gongkai-yaodian.md')
const CORPUS_FILES = [
  'pudong-2023-gongkai-yaodian.md',
  'pudong-2017-gongkai-yaodian.md',
  'yangpu-2021-gongkai-yaodian.md',
  'jiading-2018-gongkai-yaodian.txt',
  'shanghai-2016-annual-report-excerpt.txt',
]

/** The query tokens that a text's index lacks: none, if the text can be found with that query. */
function missing(query: string, text: string): string[] {
  const index = new Set(tokenize(text))
  return tokenizeQuery(query).filter(token => !index.has(token))
}

/** The marked substrings of a highlight, as the client will render them. */
function marked({ snippet, ranges }: { snippet: string, ranges: Array<[number, number]> }): string[] {
  return ranges.map(([start, end]) => snippet.slice(start, end))
}

// pudong-2023, （二）工作目标 and （七）
const GOALS = '到2023年底，贯通全区的主动公开公文库优化完善，政策文件的数字化归集和推送机制基本形成，全流程优化政策公开服务工作机制趋于完善，公开信息实用性不断增强，政民互动效果进一步显现，人民群众对政务公开的知晓度、满意度明显提升。'
const LIFTS = '做好既有多层住宅加装电梯、旧住房更新改造等工程项目公示，并加强宣传解释。'

describe('tokenize', () => {
  it('indexes Han text as bigrams plus the characters at the edges of each run, without punctuation', () => {
    expect(tokenize('加装电梯、旧住房')).toEqual(['加', '加装', '装电', '电梯', '梯', '旧', '旧住', '住房', '房'])
  })

  it('finds every multi-character word of a corpus sentence, however ICU segments it in context', () => {
    const words = ['优化', '优化完善', '全流程', '政策公开', '公开服务', '工作机制', '趋于完善', '政务公开', '知晓度', '数字化归集', '人民群众']
    for (const word of words)
      expect(missing(word, GOALS), word).toEqual([])
    // What makes this test meaningful: ICU cuts some of these words differently inside the sentence than alone.
    const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })
    const inContext = new Set(Array.from(segmenter.segment(GOALS), s => s.segment))
    expect(words.filter(word => !inContext.has(word)).length).toBeGreaterThan(0)
  })

  it('finds every 2–8 character stretch of Han text in the corpus, and every line with its digits and Latin', () => {
    for (const name of CORPUS_FILES) {
      const text = corpus(name)
      const index = new Set(tokenize(text))
      const misses: string[] = []
      for (const [run] of text.matchAll(/\p{Script=Han}{2,}/gu)) {
        for (let at = 0; at < run.length - 1; at += 5) {
          for (const length of [2, 3, 5, 8]) {
            const query = run.slice(at, at + length)
            misses.push(...tokenizeQuery(query).filter(token => !index.has(token)).map(token => `${query}: ${token}`))
          }
        }
      }
      for (const line of text.split('\n'))
        misses.push(...tokenizeQuery(line).filter(token => !index.has(token)).map(token => `${line.slice(0, 20)}: ${token}`))
      expect(misses, name).toEqual([])
    }
  })

  it('does not find a phrase that is not there', () => {
    expect(missing('加装扶梯', LIFTS)).not.toEqual([])
    expect(missing('电梯补贴', LIFTS)).not.toEqual([])
  })

  it('bridges a line break inside a word, as PDF text has one in pudong-2023 (相关信⏎⏎息)', () => {
    expect(tokenize('改造相关信\n\n息，规范')).toContain('信息')
    expect(missing('相关信息', '改造相关信\n\n息，规范')).toEqual([])
  })

  it('folds full-width digits and Latin to half-width and lowercases Latin', () => {
    expect(tokenize('２０２３年ＡＰＰ下载')).toEqual(tokenize('2023年app下载'))
    expect(tokenize('２０２３年ＡＰＰ下载')).toEqual(['2023', '年', 'app', '下', '下载', '载'])
  })

  it('keeps years and numbers whole and splits them from the Han around them', () => {
    expect(tokenize('2023年4月26日')).toEqual(['2023', '年', '4', '月', '26', '日'])
    expect(tokenize('12345市民服务热线')).toContain('12345')
    expect(tokenize('3.5亿元')).toContain('3.5')
    expect(tokenize('共1,234,567元')).toContain('1234567')
    expect(missing('2023年', GOALS)).toEqual([])
    expect(missing('2023', GOALS)).toEqual([])
  })

  it('keeps Latin words in mixed text (yangpu-2021 APP, pudong-2017 PPP, jiading-2018 GSP)', () => {
    expect(tokenize('结合“上海停车”APP的宣传推广')).toContain('app')
    expect(tokenize('全面公开政府和社会资本合作(PPP)相关政策文件')).toContain('ppp')
    expect(tokenize('药品经营企业GSP认证')).toEqual(expect.arrayContaining(['gsp', '认', '认证']))
    expect(missing('上海停车 app', '结合“上海停车”APP的宣传推广')).toEqual([])
  })

  it('indexes hyphenated Latin in parts and joined, so wi-fi, Wi-Fi and WiFi find each other', () => {
    expect(tokenize('Wi-Fi全覆盖')).toEqual(expect.arrayContaining(['wi', 'fi', 'wifi']))
    expect(tokenizeQuery('Wi-Fi')).toEqual(['wifi'])
    expect(missing('wifi', 'Wi-Fi全覆盖')).toEqual([])
    expect(missing('wi-fi', 'WiFi全覆盖')).toEqual([])
    // a range of numbers is not a compound
    expect(tokenizeQuery('２０２３-２０２５年')).toEqual(['2023', '2025', '年'])
  })

  it('drops Latin strings too long to be words', () => {
    expect(tokenize(`附件 ${'QUJD'.repeat(40)} 下载`)).toEqual(['附', '附件', '件', '下', '下载', '载'])
  })

  it('stays fast on input that makes ICU\'s segmenter quadratic (it would time out)', () => {
    // ICU takes 25 s over 100k repeated ideographs and ~15 s over 300 KB of English; the tokenizer feeds it slices
    expect(tokenizeQuery('浦'.repeat(100_000))).toEqual(['浦浦'])
    expect(tokenize('public information disclosure '.repeat(10_000))).toHaveLength(3 * 10_000)
  }, 5_000)

  it('keeps the token count of the largest corpus file near one per Han character', () => {
    // 37 KB, 10,969 Han characters → 12,459 tokens (3,217 distinct), a few ms on a laptop
    const hanChars = PUDONG_2023.match(/\p{Script=Han}/gu)!.length
    const tokens = tokenize(PUDONG_2023)
    expect(tokens.length).toBeGreaterThan(hanChars)
    expect(tokens.length).toBeLessThan(hanChars * 1.3)
  })
})

describe('文号', () => {
  const STYLES = ['浦府办〔2023〕18号', '浦府办[2023]18号', '浦府办［2023］18号', '浦府办（2023）18号', '浦府办(2023)18号', '浦府办【2023】18号', '浦府办﹝2023﹞18号', '浦府办2023 18号', '浦府办202318号', '浦府办 〔 2023 〕 18 号', '浦府办〔２０２３〕１８号', '浦府办〔2023〕第018号']

  it.each(STYLES)('%s has the one canonical token', (style) => {
    expect(docNumberToken(style)).toBe('浦府办2023年18号')
  })

  it.each(STYLES)('%s finds pudong-2023, which carries 浦府办〔2023〕18号', (style) => {
    expect(tokenizeQuery(style)).toEqual(['浦府办2023年18号'])
    expect(tokenize(PUDONG_2023)).toContain('浦府办2023年18号')
  })

  it('tells different numbers, years and issuers apart', () => {
    const tokens = ['浦府办〔2023〕18号', '浦府办〔2023〕1号', '浦府办〔2022〕18号', '杨府办〔2023〕18号'].map(docNumberToken)
    expect(new Set(tokens).size).toBe(4)
    expect(missing('浦府办〔2023〕19号', PUDONG_2023)).toEqual(['浦府办2023年19号'])
  })

  it('is null for anything but exactly one 文号', () => {
    for (const s of ['浦府办', '2023年18号', '〔2023〕18号', '浦〔2023〕18号', '关于加装电梯的通知', '浦府办〔2023〕18号 关于印发', '浦府办〔2023〕号'])
      expect(docNumberToken(s), s).toBeNull()
  })

  it('finds a 文号 cited in prose, in half-width brackets or run into the words before it', () => {
    const jiading = corpus('jiading-2018-gongkai-yaodian.txt') // (沪府办发[2017]31号), (中办发[2016]8号)
    expect(missing('沪府办发〔2017〕31号', jiading)).toEqual([])
    expect(missing('中办发（2016）8号', jiading)).toEqual([])
    const report = corpus('shanghai-2016-annual-report-excerpt.txt') // 围绕贯彻落实中办发〔2016〕8号、国办发〔2016〕19号文
    expect(missing('中办发[2016]8号', report)).toEqual([])
    expect(missing('国办发2016 19号', report)).toEqual([])
  })

  it('indexes the word tokens of a 文号 too, so its issuer and year can be searched alone', () => {
    expect(tokenize('浦府办〔2023〕18号')).toEqual(expect.arrayContaining(['浦府办2023年18号', '浦府', '府办', '2023', '18', '号']))
  })
})

describe('tokenizeQuery', () => {
  it('searches with bigrams, deduplicated', () => {
    expect(tokenizeQuery('加装电梯')).toEqual(['加装', '装电', '电梯'])
    expect(tokenizeQuery('电梯 电梯 ＡＰＰ app')).toEqual(['电梯', 'app'])
  })

  it('drops stop characters standing alone, and cuts the query there', () => {
    expect(tokenizeQuery('电梯的补贴')).toEqual(['电梯', '补贴'])
    expect(tokenizeQuery('电梯 和 补贴')).toEqual(['电梯', '补贴'])
    expect(tokenizeQuery('住房和城乡建设')).toEqual(['住房', '城乡', '乡建', '建设'])
    expect(missing('住房和城乡建设', '住房与城乡建设管理委员会')).toEqual([])
  })

  it('keeps stop characters inside words, and runs whose cut would leave a lone character', () => {
    expect(tokenizeQuery('及时')).toEqual(['及时'])
    expect(tokenizeQuery('市和区')).toEqual(['市和', '和区'])
  })

  it('keeps a query made only of stop characters rather than search for nothing', () => {
    expect(tokenizeQuery('的')).toEqual(['的'])
    expect(tokenizeQuery('的 和')).toEqual(['的', '和'])
    expect(tokenizeQuery('  ，。！')).toEqual([])
  })

  it('puts the 文号 first', () => {
    expect(tokenizeQuery('加装电梯 浦府办(2023)18号')).toEqual(['浦府办2023年18号', '加装', '装电', '电梯'])
  })

  it(`caps a 2,000-character query at ${MAX_QUERY_TOKENS} tokens, 文号 first`, () => {
    const query = PUDONG_2023.slice(0, 2000)
    const tokens = tokenizeQuery(query)
    expect(tokens).toHaveLength(MAX_QUERY_TOKENS)
    expect(tokens[0]).toBe('浦府办2023年18号')
    expect(missing(query, PUDONG_2023)).toEqual([])
  })
})

describe('toTsQuery', () => {
  it('quotes every token, doubling quotes and escaping backslashes', () => {
    expect(toTsQuery(['电梯', 'it\'s', 'a\\b'], 'and')).toBe('\'电梯\' & \'it\'\'s\' & \'a\\\\b\'')
    expect(toTsQuery(['加装', '电梯'], 'or')).toBe('\'加装\' | \'电梯\'')
  })

  it('is empty for no tokens, and drops blank tokens and NUL', () => {
    expect(toTsQuery([], 'and')).toBe('')
    expect(toTsQuery(['', '  ', '\0'], 'or')).toBe('')
    expect(toTsQuery(['a\0b', 'a\0b'], 'and')).toBe('\'ab\'')
  })
})

describe('toTsQuery and tokenize in PostgreSQL', () => {
  let db: PGlite
  beforeAll(async () => {
    db = await PGlite.create()
  }, 60_000)
  afterAll(async () => {
    await db.close()
  })

  const HOSTILE = ['\'', '\'\'', '\\', '\\\'', '&', '|', '!', '(', ')', ':', '*', '&|!():*', 'a:*', 'a:b', '\'a\' | \'b\'', 'a\' & !\'b', '<->', '<2>', 'x\\', '\\\\\'', '电梯\'); DROP TABLE x; --', '\n', 'a'.repeat(3000)]

  it.each(['and', 'or'] as const)('accepts every query built from hostile tokens (%s)', async (mode) => {
    for (const token of HOSTILE) {
      const query = toTsQuery([token, '电梯'], mode)
      await expect(db.query('select to_tsquery(\'simple\', $1)', [query]), query).resolves.toBeDefined()
    }
    await expect(db.query('select to_tsquery(\'simple\', $1)', [toTsQuery(HOSTILE, mode)])).resolves.toBeDefined()
  })

  it('matches a document by its index tokens exactly as the tokenizer does', async () => {
    const matches = async (query: string) => {
      const { rows } = await db.query<{ hit: boolean }>(
        'select to_tsvector(\'simple\', $1) @@ to_tsquery(\'simple\', $2) as hit',
        [tokenize(PUDONG_2023).join(' '), toTsQuery(tokenizeQuery(query), 'and')],
      )
      return rows[0]!.hit
    }
    for (const query of ['加装电梯', '政策解读', '优化', '浦府办[2023]18号', '浦府办2023 18号', '2023年', '“三同步”'])
      expect(await matches(query), query).toBe(true)
    for (const query of ['加装扶梯', '浦府办〔2023〕19号', 'wifi'])
      expect(await matches(query), query).toBe(false)
  })
})

describe('highlight', () => {
  it('marks a word on its characters, its overlapping bigrams merged into one range', () => {
    const result = highlight(LIFTS, tokenizeQuery('加装电梯'))
    expect(result.snippet).toBe(LIFTS)
    const at = LIFTS.indexOf('加装电梯')
    expect(result.ranges).toEqual([[at, at + 4]])
  })

  it('merges touching ranges and marks every occurrence of a Han token', () => {
    const text = '加装电梯补贴申请：电梯'
    expect(highlight(text, ['电梯', '补贴']).ranges).toEqual([[2, 6], [9, 11]])
  })

  it('matches Latin without regard to case or width, as whole words', () => {
    const result = highlight('结合“上海停车”APP的宣传推广，ＡＰＰ同步上线，apps不算', tokenizeQuery('app'))
    expect(marked(result)).toEqual(['APP', 'ＡＰＰ'])
    expect(marked(highlight('2016年共有16家单位', ['16']))).toEqual(['16'])
    expect(marked(highlight('Wi-Fi全覆盖', tokenizeQuery('wifi')))).toEqual(['Wi-Fi'])
  })

  it('marks a 文号 whole, whichever brackets the query and the text use', () => {
    const text = corpus('jiading-2018-gongkai-yaodian.txt')
    const result = highlight(text, tokenizeQuery('沪府办发〔2017〕31号'))
    expect(marked(result)).toEqual(['沪府办发[2017]31号'])
  })

  it('cuts a snippet from a long text around the match, with ellipses, within maxLength', () => {
    const result = highlight(PUDONG_2023, tokenizeQuery('加装电梯'), { maxLength: 60 })
    expect(result.snippet.startsWith('…')).toBe(true)
    expect(result.snippet.endsWith('…')).toBe(true)
    expect(result.snippet.length).toBeLessThanOrEqual(62)
    expect(marked(result)).toEqual(['加装电梯'])
  })

  it('picks the densest cluster of matches, not the first match', () => {
    const filler = GOALS.repeat(3)
    const text = `电梯。${filler}${LIFTS}加装电梯补贴申请。${filler}`
    const result = highlight(text, tokenizeQuery('电梯补贴'), { maxLength: 40 })
    expect(result.snippet).toContain('加装电梯补贴申请')
    expect(marked(result)).toContain('电梯补贴')
  })

  it('starts at the beginning of the text when nothing matches', () => {
    expect(highlight(PUDONG_2023, ['扶梯'], { maxLength: 20 })).toEqual({ snippet: `${PUDONG_2023.slice(0, 20).trim()}…`, ranges: [] })
    expect(highlight('短文本', [])).toEqual({ snippet: '短文本', ranges: [] })
  })

  it('keeps ranges inside the snippet on every corpus file', () => {
    for (const name of CORPUS_FILES) {
      for (const query of ['政务公开', '政策解读 app', '2023年 信息公开']) {
        const { snippet, ranges } = highlight(corpus(name), tokenizeQuery(query), { maxLength: 80 })
        for (const [start, end] of ranges) {
          expect(start).toBeGreaterThanOrEqual(0)
          expect(end).toBeLessThanOrEqual(snippet.length)
          expect(start).toBeLessThan(end)
        }
      }
    }
  })
})
