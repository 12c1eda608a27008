import type { DocumentBody, Item, Part, SubItem, TaskRow, TaskTable } from '../../shared/schemas/document-body'
import { isDocNumber, normalizeDocNumber, normalizeDocNumbersInText } from '../../shared/doc-number'

/**
 * Turns a published plan (Markdown or plain text, as Shanghai's districts publish them) into a structured document.
 *
 * The file is read as lines. From the end: the 版记 (抄送, 印发 date); then any 任务分解表 (tab- or pipe-separated rows).
 * From the start: the first numbered heading (`一、` or `（一）`) marks the plan; the nearest title-like line before it is
 * the title; everything above the title is the cover (红头, 文号, 主送, signature, date). The body is joined across page
 * breaks and read into parts `一、`, items `（一）` and sub-items `1.` / `（1）`, with their 责任单位 taken out of the text.
 * See README.md next to this file for the rules and their reasons.
 */

export interface ParsedDocument {
  title: string
  docNumber: string | null
  issuer: string | null
  /** YYYY-MM-DD: the date the document was signed, else the date it was printed (印发). */
  issuedAt: string | null
  /** The （此件公开发布） marker. */
  publiclyReleased: boolean
  /** 主送, e.g. 区政府各委、办、局… */
  addressee: string | null
  body: DocumentBody
}

/** A file the importer cannot read as a plan. `line` is 1-based; the message is Chinese with an English gloss. */
export class ImportError extends Error {
  readonly line: number
  /** The file, when the caller named it, so that a batch import can say which one failed. */
  fileName?: string

  constructor(line: number, zh: string, en: string) {
    super(`第 ${line} 行：${zh}（${en}）`)
    this.name = 'ImportError'
    this.line = line
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Text helpers

interface Line {
  /** 1-based line number in the file. */
  no: number
  /** Tidied text, Markdown removed. */
  text: string
  /** The line as written, Markdown escapes undone: tables need its tabs and pipes. */
  raw: string
}

const HAN_OR_PUNCT = '\\u2014\\u2018-\\u201D\\u2026\\u3000-\\u303F\\u4E00-\\u9FFF\\uFF00-\\uFFEF'
// Spaces next to Chinese text are layout artefacts of PDF and Word exports ("2021 年", "关于印发 《…》"); spaces between
// Latin words ("VR 展示") are kept.
const SPACE_AFTER_HAN = new RegExp(`([${HAN_OR_PUNCT}])\\s+(?=[${HAN_OR_PUNCT}\\d])`, 'gu')
const SPACE_BEFORE_HAN = new RegExp(`(\\d)\\s+(?=[${HAN_OR_PUNCT}])`, 'gu')

/** Collapses whitespace, drops the spaces exports put around Chinese text, and normalises 文号. */
function tidy(s: string): string {
  const collapsed = s.replace(/\s+/g, ' ').trim()
  return normalizeDocNumbersInText(collapsed.replace(SPACE_AFTER_HAN, '$1').replace(SPACE_BEFORE_HAN, '$1'))
}

function unescapeMarkdown(s: string): string {
  return s.replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
}

function stripMarkdown(s: string): string {
  return s.replace(/^\s*>\s?/, '').replace(/^\s*#{1,6}\s*/, '').replace(/\*\*|__/g, '')
}

// `— 3 —`, `- 3 -`, a bare page number, or `第 3 页（共 9 页）`.
const PAGE_NUMBER = /^(?:[-—–－―~～ ]*\d{1,4}[-—–－―~～ ]*|第\d+页(?:[，,(（]?共\d+页[)）]?)?)$/
// What a document-sharing site adds when it republishes a file (the 2016 annual report excerpt has it).
const BOILERPLATE = /由会员分享|可在线阅读|更多相关《|请在.{0,12}上搜索/

/** The file as non-empty lines. A form feed is a page break, so it splits a line the same way a newline does. */
function readLines(input: string): Line[] {
  const lines: Line[] = []
  input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((physical, index) => {
    for (const piece of physical.split('\f')) {
      const raw = unescapeMarkdown(piece)
      const text = tidy(stripMarkdown(raw))
      // A bare number is a page number, unless it is a table row whose other cells are empty.
      const pageNumber = PAGE_NUMBER.test(text) && !/[\t|]/.test(raw)
      if (text !== '' && !pageNumber && !BOILERPLATE.test(text))
        lines.push({ no: index + 1, text, raw })
    }
  })
  return lines
}

const NUMERALS: Record<string, number> = { '〇': 0, '零': 0, '○': 0, 'Ｏ': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 }

/** 一 → 1, 十一 → 11, 二十三 → 23, 一百零二 → 102; undefined when it is not a numeral. */
function chineseNumber(s: string): number | undefined {
  let total = 0
  let digit = 0
  for (const ch of s) {
    if (ch in NUMERALS) {
      digit = NUMERALS[ch]!
    }
    else if (ch === '十' || ch === '百') {
      total += (digit || 1) * (ch === '十' ? 10 : 100)
      digit = 0
    }
    else {
      return undefined
    }
  }
  return total + digit
}

function chineseNumeral(n: number): string {
  const digits = '〇一二三四五六七八九'
  if (n < 10)
    return digits[n]!
  const tens = Math.floor(n / 10)
  return `${tens === 1 ? '' : digits[tens]}十${n % 10 ? digits[n % 10] : ''}`
}

// ---------------------------------------------------------------------------------------------------------------------
// Line kinds

const NUMERAL = '[一二三四五六七八九十百零〇]+'
const PART_HEADING = new RegExp(`^(${NUMERAL})\\s*、(.*)$`)
const ITEM_LINE = new RegExp(`^[（(]\\s*(${NUMERAL})\\s*[）)](.*)$`)
// Sub-items at the start of a line: `1.` `1．` `1、` or `（1）`, but not a decimal such as `2.5`.
const SUBITEM_LINE = /^(?:(\d{1,3})\s*[.．、](?!\d)|[（(]\s*(\d{1,3})\s*[）)])(.*)$/
const ANNEX_LINE = /^附\s*件/
const SENTENCE = /^([^。！？!?]+[。！？!?])(.*)$/

// A part title longer than this, before its first full stop, is a paragraph that happens to start with 一、.
const MAX_PART_TITLE = 60
// An item's first sentence up to this length is its lead-in title when more text follows on the same line…
const MAX_ITEM_TITLE = 40
// …and a line holding nothing but a marker and one sentence (or no full stop at all) up to this length is a heading.
const MAX_HEADING = 60
// Sub-items rarely have titles: only a short first sentence without a comma counts.
const MAX_SUBITEM_TITLE = 20

interface PartHeading { number: string, value: number, title: string, rest: string }

function partHeading(text: string): PartHeading | undefined {
  const m = PART_HEADING.exec(text)
  const value = m ? chineseNumber(m[1]!) : undefined
  if (!m || !value)
    return undefined
  const after = m[2]!.trim()
  const sentence = SENTENCE.exec(after)
  const title = (sentence ? sentence[1]! : after).replace(/[。！？!?]$/, '')
  if (title.length > MAX_PART_TITLE)
    return undefined
  return { number: m[1]!, value, title, rest: sentence ? sentence[2]!.trim() : '' }
}

function itemLine(text: string): { number: string, rest: string } | undefined {
  const m = ITEM_LINE.exec(text)
  return m && chineseNumber(m[1]!) ? { number: m[1]!, rest: m[2]!.trim() } : undefined
}

function subitemLine(text: string): { number: string, style: SubStyle, value: number, rest: string } | undefined {
  const m = SUBITEM_LINE.exec(text)
  if (!m)
    return undefined
  return m[1] !== undefined
    ? { number: m[1], style: 'dot', value: Number(m[1]), rest: m[3]!.trim() }
    : { number: `（${m[2]}）`, style: 'paren', value: Number(m[2]), rest: m[3]!.trim() }
}

function isStructural(text: string): boolean {
  return partHeading(text) !== undefined || itemLine(text) !== undefined
}

// Cover and 版记 lines.
const RELEASE_MARKER = /^[（(]此件(.{2,6})[）)]$/
const COPY_LINE = /^抄送[:：]/
const PRINT_COUNT = /^[（(]?共印\d+份[）)]?$/
const ORG_LINE = /^[\u4E00-\u9FFF（）()、]{4,40}(?:人民政府|政府|办公室|办公厅|委员会|管委会|中心|公司|集团|[局厅委办])$/
const HEADER_LINE = /^(.{4,40})文件$/
const NOTICE_TITLE = /通知$/
const PLAN_WORDS = /要点|方案|计划|规划|意见|办法|细则|规定|通知|报告|纲要|安排|决定|措施|清单|目录|指引|总结/

interface DateLine { iso: string, printed: boolean }

// 2018年5月30日 or 二〇一八年五月三十日, perhaps 印发, perhaps after the printing office (`上海市…办公室 2023年4月28日印发`).
const DATE_LINE = /^(.*?)(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日(印发)?$/

function dateLine(text: string): DateLine | undefined {
  const m = DATE_LINE.exec(text)
  if (!m || (m[1] && !ORG_LINE.test(m[1])))
    return undefined
  const number = (s: string): number => /\d/.test(s) ? Number(s) : chineseNumber(s) ?? 0
  const year = /\d/.test(m[2]!) ? Number(m[2]) : Number([...m[2]!].map(ch => NUMERALS[ch] ?? 0).join(''))
  return { iso: isoDate(year, number(m[3]!), number(m[4]!)), printed: m[5] !== undefined }
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function isAddressee(text: string): boolean {
  return /[:：]$/.test(text) && !COPY_LINE.test(text) && text.length <= 200
}

/** Lines that belong to a cover or a 版记 rather than to the plan. */
function isCoverField(text: string): boolean {
  return isDocNumber(text) || dateLine(text) !== undefined || ORG_LINE.test(text) || HEADER_LINE.test(text)
    || COPY_LINE.test(text) || PRINT_COUNT.test(text) || isAddressee(text)
}

function isTitleLike(text: string): boolean {
  return text.length <= 80 && !/[。；;！？!?：:，,]$/.test(text) && !text.includes('。')
    && !isCoverField(text) && !isStructural(text) && !ANNEX_LINE.test(text)
}

/** A title as published, without the file name clutter of re-uploaded copies (`…文档格式.docx`). */
function cleanTitle(text: string): string {
  return text.replace(/\.(?:docx?|pdf|txt|md|wps)$/i, '').replace(/(?:文档格式|文档|word版)$/i, '').trim()
}

// ---------------------------------------------------------------------------------------------------------------------
// 责任单位

const UNIT_LABEL = /(?:主要)?(?:责任单位|牵头单位|责任部门|牵头部门|主责单位|配合单位|协办单位|参与单位|配合部门|承办单位|实施单位|责任主体)\s*[:：]\s*/g
const ROLE_SUFFIX = /(?:牵头负责|牵头|负责|配合|协同|参与|落实|实施|承办)$/
const UNIT_NAME = /^[^\d，,。；;：:]{2,24}(?:中心|公司|集团|政府|街道|街镇|部门|单位|[局委办厅室院会镇乡所队处站馆])$/

/** `区财政局牵头，各相关单位落实` → [区财政局, 各相关单位]; `区发改委、区商务委等` → [区发改委, 区商务委]. */
function splitUnits(s: string): string[] {
  const units = s.replace(UNIT_LABEL, '、').split(/[、，,；;／/]|会同/).map((piece) => {
    let unit = piece.trim().replace(/^由/, '')
    while (ROLE_SUFFIX.test(unit))
      unit = unit.replace(ROLE_SUFFIX, '')
    return unit.replace(/等(?:相关|有关|其他)?(?:单位|部门)?$/, '').trim()
  })
  return [...new Set(units.filter(u => u !== ''))]
}

/** The units named by a parenthetical such as `责任单位：区府办、区发改委` or `区科经委牵头`; undefined when it names none. */
function unitsOfParenthetical(inner: string): string[] | undefined {
  const labelled = new RegExp(UNIT_LABEL.source).test(inner)
  if (labelled || ROLE_SUFFIX.test(inner.replace(/等$/, '')))
    return splitUnits(inner)
  // A bare list, as in `（区环保市容局）`: only when every piece is plainly the name of a body.
  const pieces = splitUnits(inner)
  return pieces.length > 0 && pieces.every(p => UNIT_NAME.test(p)) ? pieces : undefined
}

/** Where the bracketed group that ends `text` opens, counting nested brackets; -1 if `text` does not end with one. */
function openingOfLastGroup(text: string): number {
  if (!/[）)]$/.test(text))
    return -1
  let depth = 0
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i]!
    if (ch === '）' || ch === ')')
      depth++
    else if (ch === '（' || ch === '(')
      depth--
    if (depth === 0)
      return i
  }
  return -1
}

/** Takes a trailing 责任单位 parenthetical off a text: `…感受度。（责任单位：区发改委）` → text `…感受度。`, units [区发改委]. */
function takeUnits(text: string): { text: string, units: string[] } {
  const body = text.replace(/[。.]$/, '')
  const open = openingOfLastGroup(body)
  const units = open >= 0 ? unitsOfParenthetical(body.slice(open + 1, -1).trim()) : undefined
  return units ? { text: body.slice(0, open).trim(), units } : { text, units: [] }
}

// ---------------------------------------------------------------------------------------------------------------------
// Page breaks

/** Does a line end its paragraph? Otherwise a page break (or a hard wrap) cut it, and the next line continues it. */
function endsParagraph(text: string): boolean {
  if (/[。！？!?；;：:…]$/.test(text))
    return true
  if (/[）)]$/.test(text)) {
    // `…规定。（区府办牵头）` ends a paragraph; `…按照《办法》（试行）` does not.
    const open = openingOfLastGroup(text)
    return open >= 0 && (/[。！？!?；;]/.test(text[open - 1] ?? '') || unitsOfParenthetical(text.slice(open + 1, -1)) !== undefined)
  }
  if (/[”’」』]$/.test(text))
    return /[。！？!?；;]/.test(text.at(-2) ?? '')
  return false
}

/** Headings never continue onto the next line: a part heading, or an item marker with a title and nothing else. */
function isHeading(text: string): boolean {
  const item = itemLine(text)
  return partHeading(text) !== undefined || ANNEX_LINE.test(text) || (item !== undefined && !/[。！？!?；;]/.test(item.rest))
}

function startsBlock(text: string): boolean {
  return isStructural(text) || subitemLine(text) !== undefined || ANNEX_LINE.test(text)
}

function glue(a: string, b: string): string {
  return /[A-Z]$/i.test(a) && /^[A-Z]/i.test(b) ? `${a} ${b}` : a + b
}

/** Joins lines cut by a page break (`…相关信` / `息，规范…`), keeping the first line's number. */
function joinPageBreaks(lines: Line[]): Line[] {
  const out: Line[] = []
  for (const line of lines) {
    const prev = out.at(-1)
    if (prev && !endsParagraph(prev.text) && !isHeading(prev.text) && !startsBlock(line.text))
      prev.text = glue(prev.text, line.text)
    else
      out.push({ ...line })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------------
// Body structure

type SubStyle = 'dot' | 'paren'

interface Paragraph {
  text: string
  /** On a line of its own, rather than after the item's marker on the marker's line. */
  ownLine: boolean
}

interface SubDraft { number: string, text: string }
interface ItemDraft { number: string, title?: string, paragraphs: Paragraph[], subitems: SubDraft[] }
interface PartDraft { number: string, value?: number, title: string, paragraphs: Paragraph[], items: ItemDraft[] }

// The closing note after the last item: annexes, and paragraphs about the document itself ("本要点").
const CLOSING = /^附\s*件|^附[:：]|本(?:工作)?(?:要点|方案|计划|意见|规划|办法|细则|通知)/

/** Splits a lead-in title off text that follows a marker: `推进…信息公开。1.制定…` → title + rest. */
function splitTitle(text: string, maxTitle: number): { title?: string, rest: string } {
  const sentence = SENTENCE.exec(text)
  if (!sentence)
    return text.length <= MAX_HEADING && takeUnits(text).units.length === 0 ? { title: text, rest: '' } : { rest: text }
  const first = sentence[1]!.replace(/[。！？!?]$/, '')
  const rest = sentence[2]!.trim()
  if ((rest === '' && first.length <= MAX_HEADING) || (rest !== '' && first.length <= maxTitle))
    return { title: first, rest }
  return { rest: text }
}

/** Builds parts, items and sub-items from body lines, checking that parts come in order. */
class BodyBuilder {
  readonly preamble: Paragraph[] = []
  readonly parts: PartDraft[] = []
  private item: ItemDraft | undefined
  // Sub-item numbering often runs on through the whole document (嘉定: 1–101), so it is tracked per style, not per item.
  private readonly lastSub: Record<SubStyle, number> = { dot: 0, paren: 0 }

  add(line: Line): void {
    const heading = partHeading(line.text)
    if (heading)
      return this.startPart(heading, line)
    const item = itemLine(line.text)
    if (item)
      return this.startItem(item.number, item.rest)
    const sub = subitemLine(line.text)
    if (sub && this.item) {
      this.lastSub[sub.style] = sub.value
      this.item.subitems.push({ number: sub.number, text: '' })
      return this.addText(sub.rest, true)
    }
    this.addText(line.text, true)
  }

  private get part(): PartDraft | undefined {
    return this.parts.at(-1)
  }

  private startPart(heading: PartHeading, line: Line): void {
    const previous = this.part
    if (previous?.value === undefined && previous !== undefined) {
      // Items came before any part heading: the text is an excerpt that starts inside a part, the one before this.
      if (heading.value < 2)
        throw new ImportError(line.no, `条目出现在第一个部分“${heading.number}、”之前`, `items appear before the first part ${heading.number}`)
      previous.value = heading.value - 1
      previous.number = chineseNumeral(previous.value)
    }
    else {
      const expected = (previous?.value ?? 0) + 1
      if (heading.value !== expected) {
        throw new ImportError(line.no, `部分编号“${heading.number}、”不连续，此处应为“${chineseNumeral(expected)}、”`, `part ${heading.number} is out of sequence: expected ${chineseNumeral(expected)}`)
      }
    }
    this.parts.push({ number: heading.number, value: heading.value, title: heading.title, paragraphs: [], items: [] })
    this.item = undefined
    if (heading.rest)
      this.addText(heading.rest, false)
  }

  private startItem(number: string, rest: string): void {
    if (!this.part)
      this.parts.push({ number: '', title: '', paragraphs: [], items: [] })
    const { title, rest: text } = splitTitle(rest, MAX_ITEM_TITLE)
    this.item = { number, title, paragraphs: [], subitems: [] }
    this.part!.items.push(this.item)
    if (text)
      this.addText(text, false)
  }

  /** Text goes to the open sub-item, item, part or preamble, after splitting off sub-items written inline. */
  private addText(text: string, ownLine: boolean): void {
    const item = this.item
    if (!item) {
      const target = this.part?.paragraphs ?? this.preamble
      target.push({ text, ownLine })
      return
    }
    const { lead, subs } = this.splitInlineSubitems(text)
    const open = item.subitems.at(-1)
    if (lead && open)
      open.text = open.text ? `${open.text}\n${lead}` : lead
    else if (lead)
      item.paragraphs.push({ text: lead, ownLine })
    item.subitems.push(...subs)
  }

  /**
   * `…获得感。（责任单位：区发改委）2.做好…` holds two sub-items. A number starts one only after a sentence or a
   * parenthesis ends and only if it continues the numbering (or restarts it at 1), so `44.5万条` or `第2.` stay text.
   */
  private splitInlineSubitems(text: string): { lead: string, subs: SubDraft[] } {
    const marker = /(\d{1,3})[.．](?!\d)|[（(](\d{1,3})[）)]/g
    const cuts: { at: number, end: number, number: string }[] = []
    for (const m of text.matchAll(marker)) {
      const style: SubStyle = m[1] !== undefined ? 'dot' : 'paren'
      const value = Number(m[1] ?? m[2])
      const before = m.index === 0 ? '' : text[m.index - 1]!
      const atBoundary = m.index === 0 || /[。！？!?；;）)”」]/.test(before)
      if (!atBoundary || (value !== this.lastSub[style] + 1 && value !== 1))
        continue
      this.lastSub[style] = value
      cuts.push({ at: m.index, end: m.index + m[0].length, number: style === 'dot' ? String(value) : `（${value}）` })
    }
    const lead = text.slice(0, cuts[0]?.at ?? text.length).trim()
    const subs = cuts.map((cut, i) => ({ number: cut.number, text: text.slice(cut.end, cuts[i + 1]?.at ?? text.length).trim() }))
    return { lead, subs }
  }
}

/** Moves the closing note (附件…, 本要点…) off the end of the last item or part. */
function takeClosing(parts: PartDraft[]): string[] {
  const last = parts.at(-1)
  const holder = last?.items.at(-1) ?? last
  if (!holder)
    return []
  const from = holder.paragraphs.findIndex(p => p.ownLine && CLOSING.test(p.text))
  return from < 0 ? [] : holder.paragraphs.splice(from).map(p => p.text)
}

function finishSubitem(draft: SubDraft, anchor: string): SubItem {
  const { text, units } = takeUnits(draft.text)
  const sentence = SENTENCE.exec(text)
  const first = sentence?.[1]!.replace(/[。！？!?]$/, '')
  const hasTitle = sentence && first && sentence[2]!.trim() !== '' && first.length <= MAX_SUBITEM_TITLE && !/[，,]/.test(first)
  return hasTitle
    ? { anchor, number: draft.number, title: first, text: sentence[2]!.trim(), units }
    : { anchor, number: draft.number, text, units }
}

function finishItem(draft: ItemDraft, anchor: string): Item {
  const units: string[] = []
  const paragraphs: string[] = []
  for (const p of draft.paragraphs) {
    const taken = takeUnits(p.text)
    units.push(...taken.units)
    if (taken.text)
      paragraphs.push(taken.text)
  }
  return {
    anchor,
    number: draft.number,
    ...(draft.title ? { title: draft.title } : {}),
    paragraphs,
    subitems: draft.subitems.map((s, i) => finishSubitem(s, `${anchor}-s${i + 1}`)),
    units: [...new Set(units)],
  }
}

function finishPart(draft: PartDraft, index: number): Part {
  const anchor = `p${index + 1}`
  return {
    anchor,
    number: draft.number,
    title: draft.title,
    paragraphs: draft.paragraphs.map(p => p.text),
    items: draft.items.map((item, i) => finishItem(item, `${anchor}-i${i + 1}`)),
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// 任务分解表

type Column = 'seq' | 'category' | 'task' | 'content' | 'units' | 'deadline'

// Checked in order: 任务内容 is content, 任务名称 a task.
const COLUMN_NAMES: [Column, RegExp][] = [
  ['seq', /^(?:序号|编号)$/],
  ['category', /类别|分类|板块|领域|方面|类型/],
  ['units', /单位|部门/],
  ['deadline', /时间|时限|节点|期限|进度/],
  ['content', /内容|要求|措施/],
  ['task', /任务|事项|项目|名称/],
]

function cellsOf(line: Line): string[] | undefined {
  const raw = line.raw.trim()
  let cells: string[] | undefined
  if (raw.includes('\t'))
    cells = raw.split('\t')
  else if (/^\|.*\|$/.test(raw))
    cells = raw.slice(1, -1).split('|')
  return cells && cells.length >= 2 ? cells.map(c => tidy(stripMarkdown(c))) : undefined
}

function isPipeSeparator(line: Line): boolean {
  return /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/.test(line.raw.trim())
}

function headerColumns(cells: string[]): (Column | undefined)[] | undefined {
  const columns = cells.map(cell => COLUMN_NAMES.find(([, name]) => name.test(cell))?.[0])
  const known = columns.filter(c => c !== undefined)
  return cells.length >= 3 && known.length >= 2 && (known.includes('seq') || known.includes('task')) ? columns : undefined
}

interface TableBlock { start: number, end: number, title: string, columns: (Column | undefined)[], rows: string[][] }

/** A table starts at a header row; its title and `附件` label are the lines just above; its rows are the cell lines below. */
function findTables(lines: Line[], from: number, to: number): TableBlock[] {
  const tables: TableBlock[] = []
  for (let i = from; i < to; i++) {
    const header = cellsOf(lines[i]!)
    const columns = header && headerColumns(header)
    if (!columns)
      continue
    let start = i
    let title = '任务分解表'
    if (start - 1 >= from && isTitleLike(lines[start - 1]!.text) && /表/.test(lines[start - 1]!.text))
      title = lines[--start]!.text
    if (start - 1 >= from && /^附\s*件\s*\d*$/.test(lines[start - 1]!.text))
      start--
    const rows: string[][] = []
    let end = i + 1
    for (; end < to; end++) {
      if (isPipeSeparator(lines[end]!))
        continue
      const cells = cellsOf(lines[end]!)
      if (!cells)
        break
      rows.push(cells)
    }
    tables.push({ start, end, title, columns, rows })
    i = end - 1
  }
  return tables
}

function bigrams(s: string): Set<string> {
  const clean = s.replace(/[\s\p{P}\p{S}]/gu, '')
  const grams = new Set<string>()
  for (let i = 0; i + 1 < clean.length; i++)
    grams.add(clean.slice(i, i + 2))
  return grams
}

/**
 * Which item of the plan a row restates, by the share of its character pairs found in the item's text; the table
 * rewords the plan a little, so an exact match would miss. undefined when no item clearly matches.
 */
function matchItems(rows: string[], items: { text: Set<string> }[]): (number | undefined)[] {
  return rows.map((row) => {
    const grams = bigrams(row)
    let best: number | undefined
    let bestScore = 0.6
    items.forEach((item, index) => {
      let hits = 0
      for (const g of grams) {
        if (item.text.has(g))
          hits++
      }
      const score = grams.size ? hits / grams.size : 0
      if (score > bestScore) {
        best = index
        bestScore = score
      }
    })
    return best
  })
}

/**
 * Fills the empty cells of a merged column. A merged cell's text lands in one of its rows — usually the first, but
 * Word centres it, so it can be a middle row: 浦东 2023's 任务 加强政策咨询窗口和知识库建设 is written on the second
 * of its three rows. So an empty cell takes the value above, unless `keys` (the plan item each row restates) say the
 * row belongs with the value below.
 */
function fillMerged(values: string[], keys?: (number | undefined)[]): string[] {
  const filled = values.slice()
  const nearest = (i: number, step: number): number | undefined => {
    for (let j = i + step; j >= 0 && j < values.length; j += step) {
      if (values[j])
        return j
    }
    return undefined
  }
  values.forEach((value, i) => {
    if (value)
      return
    const above = nearest(i, -1)
    const below = nearest(i, 1)
    const key = keys?.[i]
    const belongsBelow = key !== undefined && below !== undefined && keys![below] === key && (above === undefined || keys![above] !== key)
    const from = belongsBelow || above === undefined ? below : above
    filled[i] = from === undefined ? '' : values[from]!
  })
  return filled
}

interface ItemRef { partIndex: number, text: Set<string> }

function buildTable(block: TableBlock, index: number, items: ItemRef[]): TaskTable {
  const column = (name: Column): string[] | undefined => {
    const indexes = block.columns.flatMap((c, i) => (c === name ? [i] : []))
    if (indexes.length === 0)
      return undefined
    // Two unit columns (牵头单位, 配合单位) read as one list.
    return block.rows.map(row => indexes.map(i => row[i] ?? '').filter(Boolean).join('、'))
  }
  const contents = column('content')
  const tasks = column('task')
  const itemKeys = matchItems(block.rows.map((row, i) => contents?.[i] || tasks?.[i] || row.join('')), items)
  const partKeys = itemKeys.map(k => (k === undefined ? undefined : items[k]!.partIndex))
  const category = column('category') && fillMerged(column('category')!, partKeys)
  const task = tasks && fillMerged(tasks, itemKeys)
  const units = column('units') && fillMerged(column('units')!)
  const deadline = column('deadline') && fillMerged(column('deadline')!)
  const seq = column('seq')
  const rows = block.rows.map((_, i): TaskRow => {
    const row: TaskRow = { seq: seq?.[i] ?? String(i + 1), task: task?.[i] || contents?.[i] || '', units: units ? splitUnits(units[i]!) : [] }
    if (category?.[i])
      row.category = category[i]
    if (contents?.[i])
      row.content = contents[i]
    if (deadline?.[i])
      row.deadline = deadline[i]
    return row
  })
  return { anchor: `t${index + 1}`, title: block.title, rows }
}

// ---------------------------------------------------------------------------------------------------------------------
// Cover

interface Cover { docNumber: string | null, issuer: string | null, issuedAt: string | null, addressee: string | null }

function readCover(cover: Line[], trailer: Line[]): Cover {
  const texts = cover.map(l => l.text)
  const docNumber = texts.find(t => isDocNumber(t))
  const addressee = texts.find(isAddressee)?.replace(/^主送[:：]/, '').replace(/[:：]$/, '') ?? null
  return {
    docNumber: docNumber ? normalizeDocNumber(docNumber) : null,
    issuer: findIssuer(texts) ?? findIssuer(trailer.map(l => l.text)) ?? null,
    issuedAt: findDate(texts) ?? findDate(trailer.map(l => l.text)) ?? null,
    addressee,
  }
}

/** The signing body: the organisation line above the date, else any such line, else the 红头 without its 文件. */
function findIssuer(texts: string[]): string | undefined {
  const dateAt = texts.findIndex(t => dateLine(t) !== undefined)
  if (dateAt > 0 && ORG_LINE.test(texts[dateAt - 1]!))
    return texts[dateAt - 1]
  return texts.findLast(t => ORG_LINE.test(t)) ?? texts.map(t => HEADER_LINE.exec(t)?.[1]).find(Boolean)
}

/** The signing date (成文日期) over the printing date (印发). */
function findDate(texts: string[]): string | undefined {
  const dates = texts.map(dateLine).filter(d => d !== undefined)
  return (dates.find(d => !d.printed) ?? dates[0])?.iso
}

// ---------------------------------------------------------------------------------------------------------------------
// Assembly

/** From the end: the 版记 — 抄送, the printing body and date — which no plan text follows. */
function trailerStart(lines: Line[]): number {
  let start = lines.length
  while (start > 0 && isCoverField(lines[start - 1]!.text) && !isAddressee(lines[start - 1]!.text))
    start--
  return start
}

/** The title line: the nearest title-like line above the first heading, preferring one that names a kind of plan. */
function findTitle(lines: Line[], before: number): number | undefined {
  let fallback: number | undefined
  for (let i = before - 1; i >= 0; i--) {
    const text = lines[i]!.text
    if (!isTitleLike(text))
      continue
    if (PLAN_WORDS.test(text))
      return i
    fallback ??= i
  }
  return fallback
}

/** Parses a plan (Markdown or plain text) into its title, cover fields and structured body; throws ImportError when it cannot. */
export function parseDocument(text: string, opts: { fileName?: string } = {}): ParsedDocument {
  try {
    return parse(text)
  }
  catch (error) {
    if (error instanceof ImportError && opts.fileName)
      error.fileName = opts.fileName
    throw error
  }
}

interface Layout {
  /** Where the 版记 starts: the lines from here on are cover, not plan. */
  trailerAt: number
  titleAt: number
  /** The first line of the plan's own text (the preamble or part 一). */
  bodyStart: number
  /** Where the plan's text ends: the first table block, or the 版记. */
  bodyEnd: number
  tables: TableBlock[]
}

/** Finds the title, cover, body, tables and 版记 in the lines of a file; throws when there is no plan in them. */
function locate(lines: Line[]): Layout {
  const trailerAt = trailerStart(lines)
  const tables = findTables(lines, 0, trailerAt)
  const bodyEnd = tables[0]?.start ?? trailerAt

  const first = lines.slice(0, bodyEnd).findIndex(l => isStructural(l.text))
  if (first < 0)
    throw new ImportError(1, '没有找到“一、”或“（一）”这样的编号标题，这不像一份工作要点或方案', 'no numbered parts or items: this does not look like a plan')
  const titleAt = findTitle(lines, first)
  if (titleAt === undefined)
    throw new ImportError(lines[first]!.no, '第一个编号标题之前没有找到文件标题', 'no title before the first numbered heading')

  // With only the notice's own title, its addressee, covering note and signature sit between title and plan: cover too.
  let bodyStart = titleAt + 1
  if (NOTICE_TITLE.test(lines[titleAt]!.text)) {
    for (let i = titleAt + 1; i < first; i++) {
      if (isCoverField(lines[i]!.text))
        bodyStart = i + 1
    }
  }
  return { trailerAt, titleAt, bodyStart, bodyEnd, tables }
}

/** Reads the plan's own lines into preamble, parts and closing. */
function readBody(lines: Line[]): { preamble: string[], parts: Part[], closing: string[] } {
  const builder = new BodyBuilder()
  for (const line of joinPageBreaks(lines))
    builder.add(line)
  const closing = takeClosing(builder.parts)
  return { preamble: builder.preamble.map(p => p.text), parts: builder.parts.map(finishPart), closing }
}

function parse(text: string): ParsedDocument {
  const all = readLines(text)
  if (all.length === 0)
    throw new ImportError(1, '文件为空', 'the file is empty')
  // The marker may sit in the cover or in the 版记; either way it is not text of the plan.
  const publiclyReleased = all.some(l => /公开发布|主动公开/.test(RELEASE_MARKER.exec(l.text)?.[1] ?? ''))
  const lines = all.filter(l => !RELEASE_MARKER.test(l.text))

  const layout = locate(lines)
  const { preamble, parts, closing } = readBody(lines.slice(layout.bodyStart, layout.bodyEnd))

  const items: ItemRef[] = parts.flatMap((part, partIndex) => part.items.map(item => ({
    partIndex,
    text: bigrams([item.title ?? '', ...item.paragraphs, ...item.subitems.map(s => `${s.title ?? ''}${s.text}`)].join('')),
  })))
  const tables = layout.tables.map((block, i) => buildTable(block, i, items))
  // Anything between a table and the next table or the 版记 (notes under a table) is kept as closing text.
  layout.tables.forEach((block, i) => {
    const next = layout.tables[i + 1]?.start ?? layout.trailerAt
    closing.push(...lines.slice(block.end, next).map(l => l.text))
  })

  const cover = [...lines.slice(0, layout.titleAt), ...lines.slice(layout.titleAt + 1, layout.bodyStart)]
  return {
    title: cleanTitle(lines[layout.titleAt]!.text),
    ...readCover(cover, lines.slice(layout.trailerAt)),
    publiclyReleased,
    body: { preamble, parts, closing, tables },
  }
}
