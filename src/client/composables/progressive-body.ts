import type { DocumentBody, Part } from '../../shared/schemas/document-body'
import { computed, ref, watch } from 'vue'
import { useStepwise } from './stepwise'

/**
 * Characters of body text the first render carries at least: the opening paragraph (the preamble, or the first
 * part when there is none), which with the title, facts and actions above it reaches the bottom of a phone
 * screen and is the largest text on it. The rest follows in idle moments, below it. (The 2023 Pudong plan all
 * at once, nine parts and a 70-row task table, took 0.4 s of script and layout on the bench's phone, 4× slower
 * than a laptop.)
 */
const FIRST_PAINT_CHARS = 60

function partChars(part: Part): number {
  let n = part.title.length
  for (const p of part.paragraphs)
    n += p.length
  for (const item of part.items) {
    n += (item.title?.length ?? 0) + item.paragraphs.reduce((a, p) => a + p.length, 0)
    for (const sub of item.subitems)
      n += (sub.title?.length ?? 0) + sub.text.length
  }
  return n
}

/** How many parts the first render shows: enough for FIRST_PAINT_CHARS with the preamble (none when it has them). */
export function partsForFirstPaint(body: DocumentBody): number {
  let total = body.preamble.reduce((a, p) => a + p.length, 0)
  let count = 0
  while (count < body.parts.length && total < FIRST_PAINT_CHARS)
    total += partChars(body.parts[count++]!)
  return count
}

/** Task-table rows per step: five row cards stay well under 50 ms of script on the bench's phone (4× slower). */
const ROWS_PER_STEP = 5

/**
 * The order a document page is put on the page, as steps: one per part, one per ROWS_PER_STEP rows of each task
 * table, then one for the links and one for the questions that follow the body. Pure, for the tests.
 */
export function bodySteps(body: DocumentBody) {
  const batches = body.tables.map(t => Math.ceil(t.rows.length / ROWS_PER_STEP))
  const parts = body.parts.length
  const total = parts + batches.reduce((a, b) => a + b, 0) + 2
  /**
   * What `shown` steps put on the page: parts, rows of each table (undefined: the table not yet, until the parts
   * and the tables above it are all there, so an empty one is not shifted by what fills in above it either),
   * how many of what follows.
   */
  function at(shown: number) {
    let left = shown - parts
    const rows = body.tables.map((t, i) => {
      const n = Math.min(batches[i]!, left)
      left -= batches[i]!
      return n < 0 || (n === 0 && t.rows.length > 0) ? undefined : Math.min(t.rows.length, n * ROWS_PER_STEP)
    })
    return { parts: Math.min(parts, shown), rows, after: Math.max(0, shown - total + 2) }
  }
  return { total, at }
}

/**
 * A document body in steps: the preamble and first part(s) at once, then one step per idle moment after the
 * first paint (bodySteps). Each piece is added below the last, and what follows the body (links, questions)
 * comes last, so nothing on screen moves as the page fills in. Another body (the page showing another
 * document) starts over. `reveal()` puts it all on the page at once, for a jump to an anchor (a deep link, the
 * outline, a hash change): an anchor near the end needs the page below it to be there too, or the scroll stops
 * short. It also sets `whole`: every part laid out from then on (none skipped off screen), so what the jump
 * lands on stays put; a new body clears it. Printing shows all.
 */
export function useProgressiveBody(body: () => DocumentBody | undefined) {
  const plan = computed(() => {
    const value = body()
    return value ? { ...bodySteps(value), first: partsForFirstPaint(value) } : undefined
  })
  const { shown, showAll } = useStepwise(() => plan.value)
  const state = computed(() => plan.value?.at(shown.value) ?? { parts: 0, rows: [], after: 0 })
  const whole = ref(false)
  watch(plan, () => {
    whole.value = false
  })

  /** Shows everything, every part laid out, and waits for the DOM. */
  async function reveal() {
    whole.value = true
    await showAll()
  }

  return { state, whole, reveal }
}
