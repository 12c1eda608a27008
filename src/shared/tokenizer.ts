/**
 * The one Chinese tokenizer: it builds the search tokens stored per document on the server (space-joined, indexed as
 * `to_tsvector('simple', tokens)`) and, offline, in the browser. Pure string code on `Intl.Segmenter`: no DOM, no Node.
 *
 * The contract: when a text contains a query (after normalisation), every token of tokenizeQuery(query) is among the
 * tokens of tokenize(text) — tested over every stretch of the demo corpus. The exceptions are chosen, below: a lone Han
 * character in the middle of a run, and part of a number (`21` in `21.5`). How Han text gets there — recall first, at
 * a bounded cost:
 * - ICU's segmentation depends on context: `优化` is one word in a query but `优|化` inside `全流程优化政策`, and
 *   `加装` is one word alone but `加|装` inside `加装电梯`. Indexing segmenter words (or words plus bigrams of 3+
 *   character words) lets a query that ICU cuts differently miss the very document it was copied from.
 * - So each run of Han characters (text between punctuation, digits, Latin and spaces) is indexed as all its
 *   overlapping character bigrams, and a query run of 2+ characters searches with its bigrams: each of them is a bigram
 *   of any text containing the query, whatever the segmenter did (the CJK bigram scheme of Lucene and Elasticsearch).
 *   A two-character word *is* a bigram, so the segmenter's words are all there; longer ones are covered by their
 *   bigrams, and as no query produces them they are not stored.
 * - Precision: AND over the bigrams of `加装电梯补贴` (加装 装电 电梯 梯补 补贴) practically requires the phrase.
 * - Single characters would cost one more token per character for a query residents rarely type (`梯`). They are
 *   indexed where a one-character query run can come from: the first and last character of each run, which is where a
 *   character typed next to digits, Latin or a space sits (`2023年`, `18号`, `5G网络`, `第3条`).
 * - Runs separated only by whitespace get one bridging bigram, since PDF text breaks lines inside words (`相关信⏎息`).
 * Cost: ~1.15 tokens per Han character; the 37 KB pudong-2023 plan gives 12,459 tokens (3,217 distinct), in 5–20 ms.
 *
 * Latin and digits: NFKC folds full-width forms (`２０２３` → `2023`, `ＡＰＰ` → `app`), Latin is lowercased, numbers and
 * words stay as the segmenter cuts them (`3.5`, `bar.com`, `iphone15`, and `2023年` → `2023` + `年`); thousands
 * separators go (`1,234,567` → `1234567`). Hyphenated Latin (`wi-fi`, `covid-19`) indexes its parts and the joined
 * form, and a query uses the joined form only, so `wi-fi`, `Wi-Fi` and `WiFi` find each other.
 *
 * 文号 (`浦府办〔2023〕18号`, in any bracket style or none) also give one token for the whole number: see docNumberToken.
 */

const HAN = /\p{Script=Han}/u
const SCRIPT_PIECES = /\p{Script=Han}+|\P{Script=Han}+/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
const LETTER = /\p{L}/u
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/

/** Characters a query drops when they stand alone: they carry no meaning and occur in nearly every document. */
export const STOP_CHARS: ReadonlySet<string> = new Set(['的', '了', '和', '与', '及', '等', '或'])

/** At most this many query tokens: a pasted 2,000-character paragraph must stay a cheap query. */
export const MAX_QUERY_TOKENS = 32

/** Only this much of a query is read: far more than MAX_QUERY_TOKENS tokens need. */
const MAX_QUERY_LENGTH = 4000

/** Longer Latin/digit strings are hashes, encodings or garbage, not words anyone searches for. */
const MAX_WORD_LENGTH = 64

/* ---------------------------------------------------------------- normalisation and segmentation */

/** NFKC (full-width Latin and digits → half-width, ﹝ → 〔, ［ → [) then lowercase: the form every token is made from. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

let segmenter: Intl.Segmenter | undefined
const SEGMENT_SLICE = 1000

/**
 * ICU's segments, with offsets into text. The segmenter slows down more than linearly on long input (100 KB of English:
 * 1.7 s whole, 0.1 s in 1,000-character slices; 100k repeated ideographs: 25 s), so text goes to it in slices, cut at
 * whitespace where there is some: a word never spans whitespace, so the cut changes nothing.
 */
function* segmentWords(text: string): Generator<{ segment: string, index: number, isWordLike: boolean }> {
  segmenter ??= new Intl.Segmenter('zh-CN', { granularity: 'word' })
  for (let from = 0; from < text.length;) {
    const to = sliceEnd(text, from)
    for (const { segment, index, isWordLike } of segmenter.segment(text.slice(from, to)))
      yield { segment, index: from + index, isWordLike: isWordLike === true }
    from = to
  }
}

function sliceEnd(text: string, from: number): number {
  let to = from + SEGMENT_SLICE
  if (to >= text.length)
    return text.length
  const lastSpace = text.slice(from, to).search(/\s\S*$/)
  if (lastSpace > 0)
    return from + lastSpace + 1
  // no whitespace at all: cut anyway, though not inside a surrogate pair
  if (/[\uD800-\uDBFF]/.test(text[to - 1]!))
    to--
  return to
}

/** A maximal run of Han characters, with what the segmenter said about it. */
interface HanRun {
  kind: 'han'
  start: number
  end: number
  chars: string[]
  /** indexes into chars of the characters the segmenter gave as one-character words */
  singles: Set<number>
  /** last character of the previous run when only whitespace separates the two */
  bridge: string | undefined
}

/** A Latin/digit word, or several joined by single hyphens (`wi-fi` → ['wi', 'fi']). */
interface Word {
  kind: 'word'
  start: number
  end: number
  parts: string[]
}

type Unit = HanRun | Word

/**
 * Splits normalised text into Han runs and words, in order, dropping punctuation and whitespace. Runs are cut by script
 * first: the index needs no segmentation of Han text (bigrams), and skipping it makes tokenize several times faster.
 * ICU segments each Latin/digit stretch and, for queries, each Han run — alone, as it would in context, since its
 * dictionary works on the run of ideographs and a script change is always a word boundary.
 */
function scan(text: string, { singles }: { singles: boolean }): Unit[] {
  const units: Unit[] = []
  for (const chunk of text.matchAll(SCRIPT_PIECES)) {
    const value = chunk[0]
    if (HAN.test(value)) {
      addHanRun(units, text, chunk.index, value, singles ? singleCharWords(value) : new Set())
      continue
    }
    if (!LETTER_OR_DIGIT.test(value))
      continue
    for (const segment of segmentWords(value)) {
      if (segment.isWordLike)
        addWord(units, text, chunk.index + segment.index, segment.segment)
    }
  }
  return units
}

/** Indexes (in code points) of the characters ICU gives as one-character words in a Han run. */
function singleCharWords(run: string): Set<number> {
  const singles = new Set<number>()
  let at = 0
  for (const { segment } of segmentWords(run)) {
    const length = Array.from(segment).length
    if (length === 1)
      singles.add(at)
    at += length
  }
  return singles
}

function addHanRun(units: Unit[], text: string, start: number, value: string, singles: Set<number>): void {
  const last = units.at(-1)
  const bridge = last?.kind === 'han' && /^\s+$/.test(text.slice(last.end, start)) ? last.chars.at(-1) : undefined
  units.push({ kind: 'han', start, end: start + value.length, chars: Array.from(value), singles, bridge })
}

function addWord(units: Unit[], text: string, start: number, value: string): void {
  if (value.length > MAX_WORD_LENGTH)
    return
  const part = THOUSANDS.test(value) ? value.replaceAll(',', '') : value
  const last = units.at(-1)
  if (last?.kind === 'word' && text.slice(last.end, start) === '-') {
    last.parts.push(part)
    last.end = start + value.length
    return
  }
  units.push({ kind: 'word', start, end: start + value.length, parts: [part] })
}

/** A hyphenated compound containing a letter (`wi-fi`, `covid-19`) also counts joined; `2023-2025` stays two numbers. */
function joinedForm(word: Word): string | undefined {
  if (word.parts.length < 2 || !word.parts.some(part => LETTER.test(part)))
    return undefined
  const joined = word.parts.join('')
  return joined.length <= MAX_WORD_LENGTH ? joined : undefined
}

function bigrams(chars: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++)
    out.push(chars[i]! + chars[i + 1]!)
  return out
}

/* ---------------------------------------------------------------- 文号 */

// After NFKC: ［］→[], （）→(), ｛｝→{}, ﹝﹞→〔〕; 【】〔〕〖〗〘〙 stay as they are.
const OPEN = '[[(【〔〖〘{]'
const CLOSE = '[\\])】〕〗〙}]'
const YEAR = '(?:19|20)\\d{2}'
// Issuer abbreviation (2–12 Han), the year bracketed in any style or bare, an optional 第, the number, 号. No two
// neighbouring quantifiers can match the same characters, so a failing match backtracks little, even on long text.
const DOC_NUMBER_SOURCE = `(\\p{Script=Han}{2,12})\\s*(?:${OPEN}\\s*(${YEAR})\\s*${CLOSE}|(${YEAR}))\\s*(?:第\\s*)?(\\d{1,5})\\s*号`
const DOC_NUMBER_IN_TEXT = new RegExp(DOC_NUMBER_SOURCE, 'gu')
const DOC_NUMBER_WHOLE = new RegExp(`^${DOC_NUMBER_SOURCE}$`, 'u')

interface DocNumberMatch {
  start: number
  end: number
  issuer: string
  /** the token without the issuer: `2023年18号` */
  tail: string
}

function docNumberTail(year: string, number: string): string {
  // `年…号` rather than `2023-18`: PostgreSQL's parser keeps Han+digits as one lexeme but splits `浦府办2023-18` in two.
  return `${year}年${Number.parseInt(number, 10)}号`
}

function toDocNumberMatch(m: RegExpExecArray | RegExpMatchArray, start: number): DocNumberMatch {
  const [whole, issuer = '', bracketed, bare, number = ''] = m
  return { start, end: start + whole.length, issuer, tail: docNumberTail(bracketed ?? bare ?? '', number) }
}

/** 文号 in normalised text, in order. */
function matchDocNumbers(text: string): DocNumberMatch[] {
  return Array.from(text.matchAll(DOC_NUMBER_IN_TEXT), m => toDocNumberMatch(m, m.index))
}

/**
 * Prose runs straight into an abbreviation (`贯彻落实中办发〔2016〕8号`), so the regex may take a few words too many as
 * the issuer. The index therefore carries the token for every issuer suffix of 2+ characters (中办发…, 实中办发…); a query,
 * typed as the bare 文号, matches one of them. A document cites few 文号, so this costs a handful of tokens.
 */
function issuerSuffixes(issuer: string): string[] {
  const chars = Array.from(issuer)
  const out: string[] = []
  for (let k = chars.length; k >= 2; k--)
    out.push(chars.slice(chars.length - k).join(''))
  return out
}

/** The token of a string that is exactly one 文号 (`浦府办（2023）18号`, `浦府办2023 18号` → `浦府办2023年18号`), else null. */
export function docNumberToken(s: string): string | null {
  const m = DOC_NUMBER_WHOLE.exec(normalizeText(s).trim())
  if (!m)
    return null
  const { issuer, tail } = toDocNumberMatch(m, 0)
  return issuer + tail
}

/* ---------------------------------------------------------------- index tokens */

function indexHanRun(run: HanRun, out: string[]): void {
  const { chars } = run
  if (run.bridge !== undefined)
    out.push(run.bridge + chars[0])
  for (let i = 0; i < chars.length; i++) {
    if (i === 0 || i === chars.length - 1)
      out.push(chars[i]!)
    if (i + 1 < chars.length)
      out.push(chars[i]! + chars[i + 1]!)
  }
}

function indexWord(word: Word, out: string[]): void {
  for (const part of word.parts)
    out.push(part)
  const joined = joinedForm(word)
  if (joined !== undefined)
    out.push(joined)
}

/** Index tokens for a text, in text order: Han bigrams and run-edge characters, Latin/digit words, 文号 tokens. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text)
  const docNumbers = matchDocNumbers(normalized)
  const out: string[] = []
  let next = 0
  for (const unit of scan(normalized, { singles: false })) {
    // 文号 tokens go where the 文号 starts, so token positions keep following the text.
    for (; next < docNumbers.length && docNumbers[next]!.start <= unit.start; next++) {
      const { issuer, tail } = docNumbers[next]!
      out.push(...issuerSuffixes(issuer).map(suffix => suffix + tail))
    }
    if (unit.kind === 'han')
      indexHanRun(unit, out)
    else
      indexWord(unit, out)
  }
  return out
}

/* ---------------------------------------------------------------- query tokens */

/**
 * A query run is cut at the stop characters the segmenter isolates (`住房和城乡建设` → 住房 | 城乡建设), so a document
 * saying `住房与城乡建设` still matches; `和平` or `及时` are words and stay whole. Cutting only ever removes bigrams, so
 * it cannot lose recall — unless it left a single character (`市和区`), which is indexed only at run edges: then the
 * run stays whole.
 */
function splitAtStopChars(run: HanRun): string[][] {
  const pieces: string[][] = [[]]
  run.chars.forEach((char, i) => {
    if (run.singles.has(i) && STOP_CHARS.has(char))
      pieces.push([])
    else
      pieces.at(-1)!.push(char)
  })
  const kept = pieces.filter(piece => piece.length > 0)
  return kept.length > 0 && kept.every(piece => piece.length >= 2) ? kept : [run.chars]
}

function queryHanRun(run: HanRun, out: string[]): void {
  for (const piece of splitAtStopChars(run)) {
    for (const token of piece.length === 1 ? piece : bigrams(piece))
      out.push(token)
  }
}

function queryWord(word: Word, out: string[]): void {
  const joined = joinedForm(word)
  for (const token of joined === undefined ? word.parts : [joined])
    out.push(token)
}

function isStopToken(token: string): boolean {
  return Array.from(token).every(char => STOP_CHARS.has(char))
}

/** Takes each 文号 out of a query: its one token says it all, and its pieces (`2023`, `号`) would only add noise. */
function extractDocNumbers(query: string): { tokens: string[], rest: string } {
  const tokens: string[] = []
  let rest = ''
  let from = 0
  for (const { start, end, issuer, tail } of matchDocNumbers(query)) {
    tokens.push(issuer + tail)
    rest += `${query.slice(from, start)} `
    from = end
  }
  return { tokens, rest: rest + query.slice(from) }
}

/** Tokens to search with: 文号 tokens first, then Han bigrams and words; deduped, lone stop characters dropped, capped. */
export function tokenizeQuery(query: string): string[] {
  const { tokens: docTokens, rest } = extractDocNumbers(normalizeText(query.slice(0, MAX_QUERY_LENGTH)))
  const words: string[] = []
  for (const unit of scan(rest, { singles: true })) {
    if (unit.kind === 'han')
      queryHanRun(unit, words)
    else
      queryWord(unit, words)
  }
  const unique = [...new Set([...docTokens, ...words])]
  const meaningful = unique.filter(token => !isStopToken(token))
  // A query of stop characters only (`的`) is still a query: keep it rather than search for nothing.
  return (meaningful.length > 0 ? meaningful : unique).slice(0, MAX_QUERY_TOKENS)
}

/* ---------------------------------------------------------------- PostgreSQL */

/**
 * A `to_tsquery('simple', …)` string joining the tokens with & or |, '' for none; every token is quoted, so no input is
 * syntax. Inside quotes to_tsquery only interprets `'` (doubled here) and `\` (escaped). Blank tokens are dropped (`''`
 * is a syntax error), and so is NUL, which PostgreSQL text cannot hold. A token the parser finds no lexeme in (`!`) is
 * ignored by PostgreSQL with a notice; one that splits (`o'brien`) becomes a phrase of its parts, as in the index.
 */
export function toTsQuery(tokens: string[], mode: 'and' | 'or'): string {
  const operands = [...new Set(tokens.map(token => token.replaceAll('\0', '')))]
    .filter(token => token.trim() !== '')
    .map(token => `'${token.replaceAll('\\', '\\\\').replaceAll('\'', '\'\'')}'`)
  return operands.join(mode === 'and' ? ' & ' : ' | ')
}

/* ---------------------------------------------------------------- highlighting */

/** Text folded as tokens are, code point by code point, with each folded unit's character in the original text. */
interface Folded {
  text: string
  from: number[]
  to: number[]
}

function fold(original: string): Folded {
  const parts: string[] = []
  const from: number[] = []
  const to: number[] = []
  for (let i = 0; i < original.length;) {
    const code = original.codePointAt(i)!
    const char = String.fromCodePoint(code)
    // Per code point rather than per string, so each folded unit maps back to exactly one original character;
    // common CJK ideographs are their own NFKC form and skip the work.
    const folded = code >= 0x4E00 && code <= 0x9FFF ? char : normalizeText(char)
    for (let k = 0; k < folded.length; k++) {
      from.push(i)
      to.push(i + char.length)
    }
    parts.push(folded)
    i += char.length
  }
  return { text: parts.join(''), from, to }
}

interface Hit {
  start: number
  end: number
  token: string
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
// A letter or digit that is not Han: Latin/digit tokens match whole words, while Han text may touch them (`app下载`).
const WORD_CHAR = '(?!\\p{Script=Han})[\\p{L}\\p{N}]'

/** Where a Latin/digit token occurs: whole words only (`18` not inside `2018`), hyphens allowed inside (`wifi` ~ `wi-fi`). */
function wordPattern(token: string): RegExp {
  const body = Array.from(token, escapeRegExp).join('-?')
  return new RegExp(`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, 'gu')
}

/** A 文号 token marks the 文号 in any bracket style, from where its issuer starts. */
function docNumberSpans(token: string, docNumbers: DocNumberMatch[]): Array<[number, number]> {
  return docNumbers
    .filter(m => token.endsWith(m.tail) && issuerSuffixes(m.issuer).includes(token.slice(0, -m.tail.length)))
    .map(m => [m.start + m.issuer.length - (token.length - m.tail.length), m.end])
}

function tokenSpans(folded: string, token: string, docNumbers: DocNumberMatch[]): Array<[number, number]> {
  const spans = docNumberSpans(token, docNumbers)
  if (spans.length > 0)
    return spans
  if (!HAN.test(token))
    return Array.from(folded.matchAll(wordPattern(token)), m => [m.index, m.index + m[0].length])
  for (let at = folded.indexOf(token); at >= 0; at = folded.indexOf(token, at + 1))
    spans.push([at, at + token.length])
  return spans
}

/** Every occurrence of every query token, in original-text coordinates, sorted by start. */
function findHits(original: string, tokens: string[]): Hit[] {
  const folded = fold(original)
  const docNumbers = matchDocNumbers(folded.text)
  const hits: Hit[] = []
  for (const token of new Set(tokens.map(normalizeText))) {
    if (token.trim() === '')
      continue
    for (const [start, end] of tokenSpans(folded.text, token, docNumbers))
      hits.push({ start: folded.from[start]!, end: folded.to[end - 1]!, token })
  }
  return hits.sort((a, b) => a.start - b.start || b.end - a.end)
}

/** The stretch, at most maxLength long, holding the most distinct query tokens, then the most matches. */
function densestCluster(hits: Hit[], maxLength: number): [number, number] {
  let best = { distinct: 0, count: 0, start: 0, end: 0 }
  const counts = new Map<string, number>()
  let j = 0
  for (let i = 0; i < hits.length; i++) {
    const first = hits[i]!
    // Hits [i, j) start within maxLength of the first one; always at least the first itself.
    for (j = Math.max(j, i); j < hits.length && (j === i || hits[j]!.end - first.start <= maxLength); j++)
      counts.set(hits[j]!.token, (counts.get(hits[j]!.token) ?? 0) + 1)
    const count = j - i
    if (counts.size > best.distinct || (counts.size === best.distinct && count > best.count)) {
      const end = hits.slice(i, j).reduce((max, hit) => Math.max(max, hit.end), first.end)
      best = { distinct: counts.size, count, start: first.start, end: Math.min(end, first.start + maxLength) }
    }
    const left = counts.get(first.token)! - 1
    if (left === 0)
      counts.delete(first.token)
    else
      counts.set(first.token, left)
  }
  return [best.start, best.end]
}

const SENTENCE_END = /[。！？；!?;\n]/

/** Widens a cluster to maxLength, starting at a sentence when one begins in the left margin; keeps surrogate pairs whole. */
function windowAround(text: string, [from, to]: [number, number], maxLength: number): [number, number] {
  let start = Math.max(0, from - Math.floor(Math.max(0, maxLength - (to - from)) / 2))
  for (let i = from - 1; i >= start; i--) {
    if (SENTENCE_END.test(text[i]!)) {
      start = i + 1
      break
    }
  }
  let end = Math.min(text.length, start + maxLength)
  start = Math.max(0, Math.min(start, end - maxLength))
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  if (/[\uDC00-\uDFFF]/.test(text[start] ?? ''))
    start++
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? ''))
    end--
  return [start, end]
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = []
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1)
    if (last && start <= last[1])
      last[1] = Math.max(last[1], end)
    else
      merged.push([start, end])
  }
  return merged
}

/**
 * A snippet of at most maxLength characters (default 100, plus `…` where cut) around the densest cluster of matches,
 * with [start, end) ranges (UTF-16 indexes into the snippet) to mark, merged where they overlap or touch. Whitespace
 * becomes plain spaces, one for one. Matching folds like the tokenizer: full-width and case do not matter.
 */
export function highlight(text: string, queryTokens: string[], opts: { maxLength?: number } = {}): { snippet: string, ranges: Array<[number, number]> } {
  const maxLength = Math.max(1, Math.floor(opts.maxLength ?? 100))
  const hits = findHits(text, queryTokens)
  const [start, end] = windowAround(text, hits.length > 0 ? densestCluster(hits, maxLength) : [0, 0], maxLength)
  // An ellipsis says text was cut, not whitespace.
  const lead = /\S/.test(text.slice(0, start)) ? '…' : ''
  const tail = /\S/.test(text.slice(end)) ? '…' : ''
  const snippet = lead + text.slice(start, end).replace(/\s/g, ' ') + tail
  const shift = lead.length - start
  const ranges = hits
    .filter(hit => hit.start < end && hit.end > start)
    .map((hit): [number, number] => [Math.max(hit.start, start) + shift, Math.min(hit.end, end) + shift])
  return { snippet, ranges: mergeRanges(ranges) }
}
