/**
 * The one Chinese tokenizer: the server indexes with it (PostgreSQL `to_tsvector('simple', tokens)`) and
 * the phone searches its offline copies with it, so both find the same things.
 *
 * Index tokens are ICU's words (Intl.Segmenter) plus every pair of adjacent Han characters (bigrams).
 * Queries are matched by their bigrams: ICU segments a short query differently from the same words in a
 * sentence (加装 alone is one word; in 加装电梯补贴 it is 加|装), and bigrams match whatever the
 * segmentation, the way CJK analyzers in Lucene do. ICU's words still help ranking. A 文号 also
 * becomes one canonical token, so 浦府办〔2023〕18号 typed with any brackets finds its document.
 * Tokens hold only letters and digits, so PostgreSQL's parser keeps each one whole.
 */

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })
const HAN_RUN = /\p{Script=Han}+/gu
const ONLY_HAN = /^\p{Script=Han}+$/u
const NOT_WORD = /[^\p{L}\p{N}]/gu
// prefix of 2–12 Han characters, a year in any brackets (or none), a number, 号
// (brackets and spaces are one character class each, so no two quantifiers compete: no catastrophic backtracking)
const DOC_NUMBER = /(\p{Script=Han}{2,12})[\s〔[［（(【]{0,3}((?:19|20)\d{2})[\s〕\]］）)】第]{0,4}(\d{1,5})\s{0,2}号/gu
/** Characters that carry no meaning alone: a query is split at them. */
export const STOP_CHARS = new Set(['的', '了', '和', '与', '及', '等', '之', '或', '在', '是'])
const MAX_QUERY_TOKENS = 32

const normalise = (text: string) => text.normalize('NFKC').toLowerCase()

/** The canonical token of the first 文号 in a text (`浦府办〔2023〕18号` → `浦府办2023n18`), or null. */
export function docNumberToken(text: string): string | null {
  DOC_NUMBER.lastIndex = 0
  const m = DOC_NUMBER.exec(normalise(text))
  return m ? `${m[1]}${m[2]}n${Number(m[3])}` : null
}

/**
 * 文号 tokens in a text. Inside running text the issuer prefix may follow other words directly
 * (根据沪府办发〔2018〕16号), so the index also gets the number under every 2–8 character ending of it.
 */
function docNumberTokens(text: string, endings: boolean): string[] {
  return [...text.matchAll(DOC_NUMBER)].flatMap(([, prefix, year, num]) => {
    const chars = [...prefix!]
    const lengths = endings ? Array.from({ length: Math.min(8, chars.length) - 1 }, (_, i) => i + 2) : [chars.length]
    return lengths.map(n => `${chars.slice(-n).join('')}${year}n${Number(num)}`)
  })
}

function bigrams(run: string): string[] {
  const chars = [...run]
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++)
    out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** Index tokens for a text: 文号 tokens, ICU words (letters and digits only) and Han bigrams. */
export function tokenize(text: string): string[] {
  const t = normalise(text)
  const tokens = docNumberTokens(t, true)
  for (const seg of segmenter.segment(t)) {
    if (!seg.isWordLike)
      continue
    const word = seg.segment.replace(NOT_WORD, '')
    if (word)
      tokens.push(word)
  }
  for (const run of t.match(HAN_RUN) ?? [])
    tokens.push(...bigrams(run))
  return tokens
}

/**
 * The tokens to search with, deduplicated and capped: the 文号 token first, then for each Han stretch
 * (split at stop characters) its bigrams, or the character itself with a `*` for a prefix match, and
 * Latin words and numbers as ICU gives them.
 */
export function tokenizeQuery(query: string): string[] {
  const t = normalise(query.slice(0, 4000))
  const out = new Set<string>(docNumberTokens(t, false))
  let meaningful = false
  for (const seg of segmenter.segment(t)) {
    if (!seg.isWordLike)
      continue
    const word = seg.segment.replace(NOT_WORD, '')
    if (!word || ONLY_HAN.test(word))
      continue
    out.add(word)
    meaningful = true
  }
  for (const run of t.match(HAN_RUN) ?? []) {
    const parts = [...run].some(c => !STOP_CHARS.has(c)) ? run.split(new RegExp(`[${[...STOP_CHARS].join('')}]`)) : [run]
    for (const part of parts.filter(Boolean)) {
      meaningful = true
      if ([...part].length === 1)
        out.add(`${part}*`)
      else
        bigrams(part).forEach(b => out.add(b))
    }
  }
  return meaningful ? [...out].slice(0, MAX_QUERY_TOKENS) : []
}

/** A safe `to_tsquery('simple', …)` string: every token quoted, `*` tokens as prefixes; '' for none. */
export function toTsQuery(tokens: string[], mode: 'and' | 'or'): string {
  const terms = tokens.map((token) => {
    const prefix = token.endsWith('*')
    const bare = token.replace(/\*$/, '').replace(NOT_WORD, '')
    return bare ? `'${bare}'${prefix ? ':*' : ''}` : ''
  }).filter(Boolean)
  return terms.join(mode === 'and' ? ' & ' : ' | ')
}

/** The substrings a query's tokens mark in a text: bigrams and prefixes as Han text, the rest as words. */
function needles(tokens: string[]): string[] {
  return [...new Set(tokens.map(t => t.replace(/\*$/, '')).filter(t => t && !/^\p{Script=Han}+\d{4}n\d+$/u.test(t)))]
}

/**
 * A snippet around the densest cluster of matches, with the character ranges to highlight in it
 * (merged where they overlap). The client renders ranges as <mark> from text, never as HTML.
 */
export function highlight(text: string, queryTokens: string[], opts: { maxLength?: number } = {}): { snippet: string, ranges: Array<[number, number]> } {
  const maxLength = opts.maxLength ?? 120
  const haystack = text.normalize('NFKC').toLowerCase()
  const found: Array<[number, number]> = []
  for (const needle of needles(queryTokens)) {
    let at = haystack.indexOf(needle)
    while (at !== -1 && found.length < 2000) {
      found.push([at, at + needle.length])
      at = haystack.indexOf(needle, at + 1)
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: Array<[number, number]> = []
  for (const r of found) {
    const last = merged.at(-1)
    if (last && r[0] <= last[1])
      last[1] = Math.max(last[1], r[1])
    else
      merged.push([r[0], r[1]])
  }
  if (!merged.length)
    return { snippet: text.length > maxLength ? `${text.slice(0, maxLength)}…` : text, ranges: [] }
  // the window of maxLength characters that covers the most highlighted ranges
  let best = 0
  let bestCount = 0
  for (let i = 0, j = 0; i < merged.length; i++) {
    while (j < merged.length && merged[j]![1] - merged[i]![0] <= maxLength) j++
    if (j - i > bestCount) {
      bestCount = j - i
      best = i
    }
  }
  const first = merged[best]![0]
  const start = Math.max(0, Math.min(first - Math.floor(maxLength / 4), text.length - maxLength))
  const end = Math.min(text.length, start + maxLength)
  const lead = start > 0 ? '…' : ''
  const ranges = merged
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): [number, number] => [a - start + lead.length, b - start + lead.length])
  return { snippet: `${lead}${text.slice(start, end)}${end < text.length ? '…' : ''}`, ranges }
}
