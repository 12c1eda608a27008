/**
 * 文号 (document numbers) such as 沪府办发〔2018〕16号.
 *
 * Publishers, scanners and residents write the year brackets in many ways — [2018], ［2018］, (2018), （2018）,
 * 【2018】, ﹝2018﹞ — often with stray spaces. Everything here maps them to the official 〔〕 so that one 文号 has
 * exactly one spelling, whichever brackets a resident types into search. Pure string code: runs in the browser and in Node.
 */

// Every bracket pair seen around the year of a 文号; the official one is 〔〕 (U+3014/U+3015).
const OPEN = '[[［【〔（(﹝〖〘｛{]'
const CLOSE = '[\\]］】〕）)﹞〗〙｝}]'
const DIGIT = '[0-9\\uFF10-\\uFF19]' // ASCII or full-width
const HAN = '[\\u4E00-\\u9FFF]'

// The issuer abbreviation (沪府办发, 国办发…) is a run of Han characters right before the year; `令第N号` is the form of
// government orders (沪府令第36号), which carry no year.
const BRACKETED = new RegExp(`(${HAN}{1,15})\\s*${OPEN}\\s*(${DIGIT}{4})\\s*${CLOSE}\\s*(?:第\\s*)?(${DIGIT}{1,5})\\s*号`, 'g')
const ORDER = new RegExp(`(${HAN}{0,14}令)\\s*第\\s*(${DIGIT}{1,5})\\s*号`, 'g')

// Words that often run straight into an abbreviation in prose ("贯彻落实中办发〔2016〕8号"): the abbreviation starts after
// the last of them. None of them occurs inside a real issuer abbreviation.
const LEAD_WORDS = ['根据', '按照', '依据', '依照', '参照', '参见', '详见', '贯彻', '落实', '执行', '围绕', '印发', '转发', '关于', '对照', '结合', '通过', '精神', '要求', '文件', '的', '和', '及', '与', '或', '见', '即', '并', '按', '据', '将', '由', '在', '是', '为', '以']

interface DocNumberMatch { start: number, end: number, value: string }

function toAsciiDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, d => String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48))
}

/** Maps any bracket style around the year to 〔〕, drops spaces and a stray 第, and uses ASCII digits: `沪府办发 [2018] 16 号` → `沪府办发〔2018〕16号`. */
export function normalizeDocNumber(s: string): string {
  return toAsciiDigits(s)
    .replace(new RegExp(`${OPEN}\\s*(\\d{4})\\s*${CLOSE}`, 'g'), '〔$1〕')
    .replace(/\s+/g, '')
    .replace(/〕第(?=\d)/, '〕')
}

function trimLeadWords(prefix: string): string {
  let cut = 0
  for (const word of LEAD_WORDS) {
    const at = prefix.lastIndexOf(word)
    if (at >= 0)
      cut = Math.max(cut, at + word.length)
  }
  return prefix.slice(cut)
}

function matchDocNumbers(text: string): DocNumberMatch[] {
  const found: DocNumberMatch[] = []
  for (const pattern of [BRACKETED, ORDER]) {
    for (const m of text.matchAll(pattern)) {
      const prefix = m[1] ?? ''
      const issuer = trimLeadWords(prefix)
      // `令第N号` needs more than the bare 令 before it.
      if (issuer === '' || issuer === '令')
        continue
      const start = m.index + prefix.length - issuer.length
      const end = m.index + m[0].length
      found.push({ start, end, value: normalizeDocNumber(text.slice(start, end)) })
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

/** Every 文号 in a text, normalised, each once, in order of first appearance. */
export function findDocNumbers(text: string): string[] {
  return [...new Set(matchDocNumbers(text).map(m => m.value))]
}

/** True when the whole string (give or take spaces) is a single 文号. */
export function isDocNumber(s: string): boolean {
  const trimmed = s.trim()
  const [only, ...rest] = matchDocNumbers(trimmed)
  return only !== undefined && rest.length === 0 && only.start === 0 && only.end === trimmed.length
}

/** Rewrites every 文号 inside a text to its normalised spelling, leaving the rest untouched. */
export function normalizeDocNumbersInText(text: string): string {
  let out = ''
  let from = 0
  for (const m of matchDocNumbers(text)) {
    if (m.start < from)
      continue
    out += text.slice(from, m.start) + m.value
    from = m.end
  }
  return out + text.slice(from)
}
