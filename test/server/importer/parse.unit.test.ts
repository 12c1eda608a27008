import type { ParsedDocument } from '../../../src/server/importer/parse'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ImportError, parseDocument } from '../../../src/server/importer/parse'

const corpusDir = new URL('../../../src/server/demo/corpus/', import.meta.url)

function corpus(fileName: string): ParsedDocument {
  return parseDocument(readFileSync(new URL(fileName, corpusDir), 'utf8'), { fileName })
}

const jiading = corpus('jiading-2018-gongkai-yaodian.txt')
const pudong2017 = corpus('pudong-2017-gongkai-yaodian.md')
const pudong2023 = corpus('pudong-2023-gongkai-yaodian.md')
const yangpu = corpus('yangpu-2021-gongkai-yaodian.md')
const report = corpus('shanghai-2016-annual-report-excerpt.txt')

function itemsPerPart(doc: ParsedDocument): number[] {
  return doc.body.parts.map(p => p.items.length)
}

function allItems(doc: ParsedDocument) {
  return doc.body.parts.flatMap(p => p.items)
}

function find(doc: ParsedDocument, anchor: string) {
  const found = allItems(doc).find(i => i.anchor === anchor) ?? allItems(doc).flatMap(i => i.subitems).find(s => s.anchor === anchor)
  if (!found)
    throw new Error(`no ${anchor}`)
  return found
}

function item(doc: ParsedDocument, anchor: string) {
  const found = allItems(doc).find(i => i.anchor === anchor)
  if (!found)
    throw new Error(`no item ${anchor}`)
  return found
}

function parseError(text: string): ImportError {
  try {
    parseDocument(text, { fileName: 'bad.txt' })
  }
  catch (error) {
    if (error instanceof ImportError)
      return error
    throw error
  }
  throw new Error('parsed without an ImportError')
}

// Counts below were made by reading the files, not by running the parser.
describe('嘉定 2018 (plain text, no 红头, sub-items inline, half-width punctuation)', () => {
  it('reads the cover', () => {
    expect(jiading.title).toBe('2018年上海市嘉定区政务公开工作要点')
    // Its own notice carries no 文号: the four in the text (沪府办发[2017]31号, 中办发[2016]8号…) are citations.
    expect(jiading.docNumber).toBeNull()
    expect(jiading.issuer).toBe('上海市嘉定区人民政府')
    expect(jiading.issuedAt).toBe('2018-05-30')
    expect(jiading.publiclyReleased).toBe(false)
    expect(jiading.addressee).toBe('各镇人民政府、区政府各委、办、局、街道办事处,嘉定新城、嘉定工业区、菊园新区管委会')
  })

  it('has 7 parts, 28 items and 101 sub-items numbered straight through', () => {
    expect(jiading.body.parts.map(p => p.title)).toEqual([
      '加强上海四个品牌建设信息公开',
      '加强优化营商环境信息公开',
      '加强重大改革任务和重要活动信息公开',
      '加强民生保障信息公开',
      '加强公共资源配置信息公开',
      '加强制度创新和平台建设',
      '加强组织保障和能力建设',
    ])
    expect(itemsPerPart(jiading)).toEqual([4, 5, 3, 5, 4, 4, 3])
    const subs = allItems(jiading).flatMap(i => i.subitems)
    expect(subs.map(s => s.number)).toEqual(Array.from({ length: 101 }, (_, i) => String(i + 1)))
  })

  it('splits an item line into its title and the sub-items written inline after it', () => {
    const first = item(jiading, 'p1-i1')
    expect(first.title).toBe('推进“上海服务”品牌建设相关信息公开')
    expect(first.paragraphs).toEqual([])
    expect(first.subitems.map(s => s.number)).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(first.subitems[0]!.text).toBe('制定发布《嘉定区全力打响“上海服务”品牌三年行动计划》,着力提升服务对象、消费者和市场主体对上海服务的感受度和获得感。')
    expect(first.subitems[0]!.units).toEqual(['区发改委'])
    expect(item(jiading, 'p5-i2').subitems.map(s => s.number)).toEqual(['73'])
  })

  it('takes the 责任单位 off every sub-item', () => {
    expect(find(jiading, 'p1-i1-s6').units).toEqual(['区经委', '区市场监管局'])
    expect(find(jiading, 'p5-i2-s1').units).toEqual(['区府办', '区建管委', '区发改委', '区规土局', '区房管局', '区网宣中心'])
    expect(find(jiading, 'p7-i2-s1').units).toEqual(['区政府各部门', '各街镇'])
    // 59 has no full stop before its parenthetical.
    const s59 = find(jiading, 'p4-i3-s4')
    expect(s59).toMatchObject({ number: '59', units: ['区水务局'] })
    expect('text' in s59 && s59.text.endsWith('综合整治与长效管理信息公开')).toBe(true)
    const everySub = allItems(jiading).flatMap(i => i.subitems)
    expect(everySub.every(s => s.units.length > 0 && !s.text.includes('责任单位'))).toBe(true)
  })

  it('normalises the 文号 it cites', () => {
    expect(jiading.body.preamble).toHaveLength(1)
    expect(jiading.body.preamble[0]).toContain('(沪府办发〔2018〕16号)')
    expect(jiading.body.preamble[0]).not.toMatch(/\[/)
  })
})

describe('浦东 2017 (Markdown, mixed heading levels, bold items, bare unit lists)', () => {
  it('reads the cover', () => {
    expect(pudong2017.title).toBe('2017年浦东新区政务公开工作要点')
    expect(pudong2017.docNumber).toBe('浦府办〔2017〕23号')
    expect(pudong2017.issuer).toBe('上海市浦东新区人民政府办公室')
    expect(pudong2017.issuedAt).toBe('2017-06-08')
    expect(pudong2017.publiclyReleased).toBe(false)
    expect(pudong2017.addressee).toBe('区政府各委、办、局，各开发区管委会，各直属公司，各街道办事处、镇政府')
  })

  it('reads parts written as ##, ###, #### and ## **…**, and items in both bracket widths', () => {
    expect(pudong2017.body.parts.map(p => `${p.number}、${p.title}`)).toEqual([
      '一、以政务公开促进重大改革举措落实',
      '二、以政务公开强化市场服务和监管',
      '三、以政务公开助力保障和改善民生',
      '四、构建发布、解读、回应“三位一体”政务公开新格局',
      '五、健全制度体系加强能力建设',
    ])
    expect(itemsPerPart(pudong2017)).toEqual([6, 5, 6, 3, 6])
    expect(item(pudong2017, 'p1-i4').title).toBe('推进“放管服”改革信息公开')
    expect(item(pudong2017, 'p5-i6').title).toBe('加强组织保障')
  })

  it('extracts units written as `（…牵头）` and as a bare list', () => {
    const first = item(pudong2017, 'p1-i1')
    expect(first.units).toEqual(['区府办', '自贸区政策研究局', '区发改委', '区市场监管局', '区商务委', '区金融局'])
    expect(first.paragraphs).toEqual([
      expect.stringMatching(/^结合市场准入管理制度改革进程.*执行情况。$/),
      '适时发布自贸试验区金融服务业对外开放的有关规定。',
    ])
    expect(item(pudong2017, 'p3-i4').units).toEqual(['区环保市容局'])
    expect(item(pudong2017, 'p4-i1').units).toEqual([])
  })

  it('joins text cut by page breaks, inside words and inside a unit list', () => {
    // `…区商` / blank / `务委、区建交委…牵头)`
    expect(item(pudong2017, 'p1-i3').units).toEqual(['区科经委', '区发改委', '区金融局', '区商务委', '区建交委', '区农委', '区规土局'])
    expect(item(pudong2017, 'p1-i5').paragraphs[0]).toContain('按月公开本区财政收支情况')
    expect(item(pudong2017, 'p4-i1').paragraphs[0]).toContain('《浦东新区政府机关公文类信息公开审核办法》')
    expect(item(pudong2017, 'p3-i3').paragraphs).toHaveLength(1)
    expect(item(pudong2017, 'p3-i3').paragraphs[0]).toMatch(/^加大食品、药品、化妆品/)
  })

  it('keeps the closing note out of the last item', () => {
    expect(pudong2017.body.closing).toEqual([expect.stringMatching(/^各单位要结合实际，制定具体实施方案。.*第三方评估。$/)])
    expect(item(pudong2017, 'p5-i6').paragraphs).toHaveLength(1)
    expect(pudong2017.body.tables).toEqual([])
  })
})

describe('浦东 2023 (item numbers run on across parts, 任务分解表 with merged cells)', () => {
  const table = pudong2023.body.tables[0]!

  it('reads the cover and the 版记', () => {
    expect(pudong2023.title).toBe('2023年浦东新区政务公开工作要点')
    expect(pudong2023.docNumber).toBe('浦府办〔2023〕18号')
    // No signature line: the issuer comes from the 红头 `…办公室文件`.
    expect(pudong2023.issuer).toBe('上海市浦东新区人民政府办公室')
    // Signed 4月26日, printed (印发) 4月28日: the signing date wins.
    expect(pudong2023.issuedAt).toBe('2023-04-26')
    expect(pudong2023.publiclyReleased).toBe(true)
    expect(pudong2023.addressee).toBe('区政府各委、办、局，各管理局（管委会），各直属企业，各街道办事处、镇政府')
  })

  it('has 9 parts and 33 items, numbered （一）…（三十三） through the whole plan', () => {
    expect(pudong2023.body.parts).toHaveLength(9)
    expect(itemsPerPart(pudong2023)).toEqual([2, 3, 4, 4, 3, 4, 4, 5, 4])
    expect(allItems(pudong2023).map(i => i.number).slice(-4)).toEqual(['三十', '三十一', '三十二', '三十三'])
    expect(item(pudong2023, 'p1-i1')).toMatchObject({ title: '指导思想', paragraphs: [expect.stringMatching(/^以习近平新时代/)] })
    expect(item(pudong2023, 'p4-i2').title).toBe('公共资源交易和配置信息公开')
  })

  it('joins words split by page breaks', () => {
    expect(item(pudong2023, 'p3-i2').paragraphs[0]).toContain('“两旧一村”改造相关信息，规范公开零星旧改')
    expect(item(pudong2023, 'p5-i1').paragraphs[0]).toContain('按照标签目录明确政策文件的标签分类')
    expect(item(pudong2023, 'p8-i5').paragraphs[0]).toMatch(/有效降低纠错率、败诉率。$/)
    expect(allItems(pudong2023).every(i => i.paragraphs.length === 1)).toBe(true)
  })

  it('keeps the annex note as closing text and reads the table', () => {
    expect(pudong2023.body.closing).toEqual(['附件：2023年浦东新区政务公开工作要点任务分解表'])
    expect(pudong2023.body.tables).toHaveLength(1)
    expect(table.anchor).toBe('t1')
    expect(table.title).toBe('2023年浦东新区政务公开工作要点任务分解表')
    expect(table.rows).toHaveLength(70)
    expect(table.rows.map(r => r.seq)).toEqual(Array.from({ length: 70 }, (_, i) => String(i + 1)))
  })

  it('fills merged task cells so every row is complete', () => {
    expect(table.rows.every(r => r.task && r.content && r.deadline && r.units.length > 0)).toBe(true)
    // Row 4's task cell is empty: it continues row 3's task.
    expect(table.rows[3]).toMatchObject({ seq: '4', task: '扩大有效投资和优化营商环境政策举措信息公开', units: ['区市场监管局'] })
    expect(table.rows.slice(34, 37).map(r => r.task)).toEqual(Array.from({ length: 3 }, () => '强化政策咨询和办理服务'))
    // Row 38 is empty too, but its text is item （二十）, whose name Word centred into row 39.
    expect(table.rows.slice(37, 40).map(r => r.task)).toEqual(Array.from({ length: 3 }, () => '加强政策咨询窗口和知识库建设'))
    expect(table.rows[42]!.task).toBe('扎实推进重大行政决策事项目录管理')
    expect(table.rows[41]!.task).toBe('严格落实重大行政决策听取意见制度')
    // Items （三）…（三十三） each have one task.
    expect(new Set(table.rows.map(r => r.task)).size).toBe(31)
  })

  it('splits the units in a cell, dropping 牵头/落实 and 等', () => {
    expect(table.rows[0]!.units).toEqual(['区发改委', '区商务委', '区建交委'])
    expect(table.rows[14]!.units).toEqual(['区财政局', '各相关单位'])
    expect(table.rows[44]!.units).toEqual(['区域运中心', '区信访办', '区政务公开办', '区大数据中心', '各单位'])
    expect(table.rows[41]!.deadline).toBe('11月')
    expect(table.rows[69]!.deadline).toBe('次年1月')
  })
})

describe('杨浦 2021', () => {
  it('reads the cover', () => {
    expect(yangpu.title).toBe('2021年杨浦区政务公开工作要点')
    expect(yangpu.docNumber).toBe('杨府办〔2021〕10号')
    expect(yangpu.issuer).toBe('上海市杨浦区人民政府办公室')
    expect(yangpu.issuedAt).toBe('2021-04-09')
    expect(yangpu.publiclyReleased).toBe(false)
    expect(yangpu.addressee).toBe('区政府各委、办、局，各街道办事处，各有关单位')
  })

  it('has 7 parts and 23 items', () => {
    expect(itemsPerPart(yangpu)).toEqual([3, 2, 3, 3, 7, 2, 3])
    expect(item(yangpu, 'p4-i3').title).toBe('推进标准化规范化工作向居委会和公共企事业单位延伸')
  })

  it('joins page breaks, including one after a closing 》', () => {
    expect(item(yangpu, 'p7-i2').paragraphs).toEqual([expect.stringMatching(/^将《条例》和《规定》列入领导干部学法内容/)])
    expect(item(yangpu, 'p5-i1').paragraphs[0]).toMatch(/推进实施生活饮用水“扫码知卫生”项目。$/)
    expect(item(yangpu, 'p4-i1').paragraphs[0]).toMatch(/^持续对政务公开全领域/)
  })

  it('reads an item whose title sentence stands on its own line', () => {
    expect(item(yangpu, 'p6-i2')).toMatchObject({
      title: '强化政务公开专区等线下公开场所和平台建设',
      paragraphs: [expect.stringMatching(/^区政府要进一步优化完善政务公开专区功能建设/)],
    })
  })

  it('moves the closing paragraph out of the last item', () => {
    expect(yangpu.body.closing).toEqual([expect.stringMatching(/^区政府各部门、街道要根据本工作要点/)])
  })
})

describe('上海 2016 annual report excerpt (no cover, starts inside part 一)', () => {
  it('takes a title from the first line, without the file name clutter', () => {
    expect(report.title).toBe('上海政府信息公开工作年度报告')
    expect(report).toMatchObject({ docNumber: null, issuer: null, issuedAt: null, publiclyReleased: false, addressee: null })
  })

  it('keeps its own numbering: items （二）…（四） belong to the part before 二、', () => {
    expect(report.body.parts.map(p => [p.number, p.title])).toEqual([['一', ''], ['二', '主动公开政府信息情况'], ['三', '政策解读回应情况']])
    expect(itemsPerPart(report)).toEqual([3, 14, 3])
    expect(report.body.parts[0]!.items.map(i => i.number)).toEqual(['二', '三', '四'])
    expect(item(report, 'p1-i1').title).toBe('着力深化重点领域信息公开,增强公开实效')
    expect(report.body.preamble).toHaveLength(5)
    expect(report.body.parts[1]!.paragraphs).toHaveLength(8)
  })

  it('drops the re-publisher\'s boilerplate and reads no sub-items out of decimals', () => {
    const text = JSON.stringify(report.body)
    expect(text).not.toContain('冰豆网')
    expect(allItems(report).every(i => i.subitems.length === 0)).toBe(true)
    expect(report.body.parts[1]!.paragraphs[1]).toBe('其中,市级机关18.4万条,区政府26.1万条。')
  })
})

describe('every corpus file', () => {
  const files = readdirSync(corpusDir)

  it('is one of the five, and each parses', () => {
    expect(files).toHaveLength(5)
  })

  it.each(files)('%s has unique, well-formed anchors', (fileName) => {
    const doc = corpus(fileName)
    const anchors = [
      ...doc.body.parts.flatMap(p => [p.anchor, ...p.items.flatMap(i => [i.anchor, ...i.subitems.map(s => s.anchor)])]),
      ...doc.body.tables.map(t => t.anchor),
    ]
    expect(new Set(anchors).size).toBe(anchors.length)
    for (const a of anchors)
      expect(a).toMatch(/^(?:p\d+(?:-i\d+(?:-s\d+)?)?|t\d+)$/)
    expect(doc.body.parts.map(p => p.anchor)).toEqual(doc.body.parts.map((_, i) => `p${i + 1}`))
  })

  it.each(files)('%s parses the same way twice, and the same with a BOM and CRLF line ends', (fileName) => {
    const text = readFileSync(new URL(fileName, corpusDir), 'utf8')
    expect(parseDocument(text)).toEqual(corpus(fileName))
    expect(parseDocument(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toEqual(corpus(fileName))
  })
})

describe('fixtures', () => {
  it('joins a sentence split by a form feed and page-number lines in both dash styles', () => {
    const doc = parseDocument([
      '2020年某区政务公开工作要点',
      '一、加强公开',
      '（一）推进公开。1.做好信息公',
      '— 3 —',
      '\f开工作。（责任单位：区政府办公室、区发展改革委）2.做好解读工作。（牵头单位：区府办；配合单位：区财政局、区商务委）',
      '',
      '- 4 -',
      '(二)深化解读。做好政策\f解读工作，用好 Open',
      'Data 平台。（区司法局牵头，各单位配合）',
    ].join('\n'))
    const [first, second] = doc.body.parts[0]!.items
    expect(first!.subitems).toEqual([
      { anchor: 'p1-i1-s1', number: '1', text: '做好信息公开工作。', units: ['区政府办公室', '区发展改革委'] },
      { anchor: 'p1-i1-s2', number: '2', text: '做好解读工作。', units: ['区府办', '区财政局', '区商务委'] },
    ])
    expect(second).toMatchObject({ number: '二', title: '深化解读', paragraphs: ['做好政策解读工作，用好 Open Data 平台。'], units: ['区司法局', '各单位'] })
  })

  it('reads （1） sub-items on their own lines and 1． with a full-width stop', () => {
    const doc = parseDocument([
      '某区政务公开工作方案',
      '一、重点任务',
      '（一）推进决策公开',
      '（1）公开决策草案。（责任部门：区府办）',
      '（2）公开决策结果。',
      '(二)推进执行公开。1．公开执行措施。2．公开执行结果。',
    ].join('\n'))
    const [first, second] = doc.body.parts[0]!.items
    expect(first!.subitems.map(s => [s.number, s.text, s.units])).toEqual([['（1）', '公开决策草案。', ['区府办']], ['（2）', '公开决策结果。', []]])
    expect(second!.subitems.map(s => s.text)).toEqual(['公开执行措施。', '公开执行结果。'])
  })

  it('does not start a sub-item at a number that breaks the numbering', () => {
    const doc = parseDocument('某区政务公开工作要点\n一、加强公开\n(一)推进公开。公开率达到100%。(3)数据来源：区统计局。1.做好公开。（责任单位：区府办）2.做好解读。\n')
    const first = doc.body.parts[0]!.items[0]!
    expect(first.paragraphs).toEqual(['公开率达到100%。(3)数据来源：区统计局。'])
    expect(first.subitems.map(s => [s.number, s.text, s.units])).toEqual([['1', '做好公开。', ['区府办']], ['2', '做好解读。', []]])
  })

  it('reads a notice without the plan\'s own title, with a Chinese-numeral signing date', () => {
    const doc = parseDocument([
      '上海市某区人民政府办公室关于印发《2020年某区政务公开工作要点》的通知',
      '沪某府办发 [2020] 3 号',
      '各委、办、局：',
      '现将《要点》印发给你们，请认真执行。',
      '上海市某区人民政府办公室',
      '二〇二〇年三月五日',
      '上海市某区人民政府办公室 2020年3月9日印发',
      '（此件公开发布）',
      '总体要求是做好工作。',
      '一、加强公开',
      '（一）推进公开。做好工作。',
    ].join('\n'))
    expect(doc).toMatchObject({
      title: '上海市某区人民政府办公室关于印发《2020年某区政务公开工作要点》的通知',
      docNumber: '沪某府办发〔2020〕3号',
      issuer: '上海市某区人民政府办公室',
      issuedAt: '2020-03-05',
      publiclyReleased: true,
      addressee: '各委、办、局',
    })
    expect(doc.body.preamble).toEqual(['总体要求是做好工作。'])
  })

  it('fills a merged category cell in a Markdown table', () => {
    const doc = parseDocument([
      '某区政务公开工作要点',
      '一、加强公开',
      '（一）推进公开。做好工作。',
      '附件',
      '任务分解表',
      '| 序号 | 类别 | 工作任务 | 责任单位 | 完成时限 |',
      '| --- | --- | --- | --- | --- |',
      '| 1 | 决策公开 | 公开决策草案 | 区府办 | 6月 |',
      '| 2 |  | 公开决策结果 | 区府办、区司法局 | 12月 |',
      '| 3 | 执行公开 | 公开执行措施 | 各单位 |  |',
    ].join('\n'))
    expect(doc.body.closing).toEqual([])
    expect(doc.body.tables[0]).toEqual({
      anchor: 't1',
      title: '任务分解表',
      rows: [
        { seq: '1', category: '决策公开', task: '公开决策草案', units: ['区府办'], deadline: '6月' },
        { seq: '2', category: '决策公开', task: '公开决策结果', units: ['区府办', '区司法局'], deadline: '12月' },
        { seq: '3', category: '执行公开', task: '公开执行措施', units: ['各单位'], deadline: '12月' },
      ],
    })
  })
})

describe('importError', () => {
  it('rejects an empty file', () => {
    for (const text of ['', '\n \n\t\n']) {
      const error = parseError(text)
      expect(error.line).toBe(1)
      expect(error.message).toBe('第 1 行：文件为空（the file is empty）')
    }
  })

  it('rejects text that is not a plan', () => {
    const error = parseError('某区召开政务公开工作会议\n会议指出，要进一步做好政务公开工作。\n会议强调，各单位要抓好落实。')
    expect(error.message).toMatch(/^第 1 行：.*（no numbered parts or items: this does not look like a plan）$/)
    expect(error.fileName).toBe('bad.txt')
  })

  it('rejects a plan without a title, naming the first heading\'s line', () => {
    const error = parseError('\n\n一、总体要求\n做好工作。')
    expect(error.line).toBe(3)
    expect(error.message).toMatch(/^第 3 行：/)
  })

  it('rejects 二、 before 一、', () => {
    const error = parseError('2020年某区政务公开工作要点\n\n总体要求是做好工作。\n\n二、加强公开\n\n（一）推进公开。做好工作。\n\n一、加强解读\n')
    expect(error.line).toBe(5)
    expect(error.message).toBe('第 5 行：部分编号“二、”不连续，此处应为“一、”（part 二 is out of sequence: expected 一）')
  })

  it('rejects a part that comes back or skips ahead', () => {
    const base = '2020年某区政务公开工作要点\n一、加强公开\n（一）推进公开。做好工作。\n二、加强解读\n'
    expect(parseError(`${base}二、再次加强\n`).line).toBe(5)
    expect(parseError(`${base}\n\n四、加强回应\n`).line).toBe(7)
  })

  it('rejects items before part 一', () => {
    expect(parseError('2020年某区政务公开工作要点\n（二）推进公开。做好工作。\n一、加强公开\n').line).toBe(3)
  })
})
