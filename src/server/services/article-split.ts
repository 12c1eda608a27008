import { articleNumber } from './article-diff'

export interface SplitArticle { number: string, chapter: string | null, text: string }
export interface SplitDraft {
  /** what came before the first article (the title, a preamble): not part of any article */
  preamble: string
  articles: SplitArticle[]
}

const NUMERAL = '[零〇一二两三四五六七八九十百千\\d]+'
const ARTICLE = new RegExp(`^第(${NUMERAL})条(.*)$`, 'u')
const HEADING = new RegExp(`^第(${NUMERAL})([章节])(.*)$`, 'u')
const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** 五 → 5, 十二 → 12, 二十 → 20, 一百零五 → 105, 12 or １２ → 12; NaN when it is not a numeral. */
export function parseNumeral(raw: string): number {
  const ascii = fullWidthDigits(raw)
  if (/^\d+$/.test(ascii))
    return Number(ascii)
  let total = 0
  let digit = -1
  for (const ch of raw) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!
    }
    else if (ch in CN_UNITS) {
      total += (digit === -1 ? 1 : digit) * CN_UNITS[ch]!
      digit = -1
    }
    else {
      return Number.NaN
    }
  }
  return total + (digit === -1 ? 0 : digit)
}

/** １２ → 12 */
function fullWidthDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, d => String.fromCharCode(d.charCodeAt(0) - 0xFEE0))
}

/** Spaces of any width (U+3000 included) collapsed to one ASCII space, full-width digits made ASCII, trimmed. */
function tidy(line: string): string {
  return fullWidthDigits(line).replace(/\s+/g, ' ').trim()
}

/**
 * Splits a pasted draft into its articles (条). An article starts at a line beginning with 第X条 (Chinese or
 * Arabic numerals) whose number is higher than the last article's — so a paragraph that begins by citing an
 * earlier article (「第三条规定的……」) stays in the article it belongs to. Lines that follow belong to the article
 * (its 款 and 项), one paragraph per line. A 第X章 (or 第X节) heading is given to the next article as its chapter.
 * Numbers are written the same way everywhere (第1条 → 第一条).
 */
export function splitArticles(raw: string): SplitDraft {
  const lines = raw.normalize('NFC').replace(/\r\n?/g, '\n').split('\n').map(tidy)
  const articles: Array<SplitArticle & { lines: string[] }> = []
  const preamble: string[] = []
  let chapter: string | null = null
  let last = 0
  let bareHeading = false
  for (const line of lines) {
    const article = ARTICLE.exec(line)
    const n = article ? parseNumeral(article[1]!) : Number.NaN
    if (article && n > last) {
      last = n
      // 第一条 为了… / 第一条：为了… / 第一条为了…
      const first = article[2]!.replace(/^[：:．.、]/, '').trim()
      articles.push({ number: articleNumber(n), chapter, text: '', lines: first ? [first] : [] })
      chapter = null
      continue
    }
    const heading = HEADING.exec(line)
    const name = heading?.[3]!.trim() ?? ''
    if (heading && !Number.isNaN(parseNumeral(heading[1]!)) && name.length <= 60 && !/[。，；：,;]/.test(name)) {
      const full = tidy(`第${heading[1]}${heading[2]} ${name}`)
      // a section (节) right after its chapter's heading keeps the chapter's name before it
      chapter = heading[2] === '节' && chapter ? `${chapter} ${full}` : full
      bareHeading = !name
      continue
    }
    if (!line)
      continue
    if (chapter !== null && bareHeading && line.length <= 30) {
      // 第一章 on one line and 总则 on the next
      chapter = `${chapter} ${line}`
      bareHeading = false
      continue
    }
    const current = articles.at(-1)
    if (current)
      current.lines.push(line)
    else
      preamble.push(line)
  }
  return {
    preamble: preamble.join('\n'),
    articles: articles.map(({ lines: body, ...a }) => ({ ...a, text: body.join('\n') })),
  }
}
