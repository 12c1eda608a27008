import type { DiffSegment } from '../../shared/schemas/consultations'

// Chinese has no spaces, so a token is one CJK character, a run of Latin letters/digits, or any other character.
const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+|\s+|./gsu

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? []
}

/**
 * A word/character diff of two article texts: the longest common subsequence of tokens, with adjacent
 * pieces of the same kind merged. Texts of a few hundred characters, so O(n·m) is fine; longer ones
 * fall back to "all removed, all inserted".
 */
export function diffText(before: string, after: string): DiffSegment[] {
  const a = tokenize(before)
  const b = tokenize(after)
  const segments: DiffSegment[] = []
  const push = (op: DiffSegment['op'], text: string) => {
    if (!text)
      return
    const last = segments.at(-1)
    if (last?.op === op)
      last.text += text
    else
      segments.push({ op, text })
  }
  if (a.length * b.length > 4_000_000) {
    push('del', before)
    push('ins', after)
    return segments
  }
  // lcs[i][j]: length of the LCS of a[i:] and b[j:]
  const width = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!)
  }
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    }
    else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      push('del', a[i++]!)
    }
    else {
      push('ins', b[j++]!)
    }
  }
  push('del', a.slice(i).join(''))
  push('ins', b.slice(j).join(''))
  return segments
}

const DIGITS = '零一二三四五六七八九'

/** 1 → 一, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五 (article numbers go to a few hundred). */
export function chineseNumeral(n: number): string {
  if (n < 10)
    return DIGITS[n]!
  if (n < 20)
    return `十${n % 10 ? DIGITS[n % 10] : ''}`
  if (n < 100)
    return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`
  const rest = n % 100
  const tail = rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`
}

/** The displayed number of the n-th article: 第五条. */
export function articleNumber(n: number): string {
  return `第${chineseNumeral(n)}条`
}
