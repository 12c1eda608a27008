import type { DocumentBody, Part } from '../../src/shared/schemas/document-body'
import { describe, expect, it } from 'vitest'
import { bodySteps, partsForFirstPaint } from '../../src/client/composables/progressive-body'

function part(n: number, chars: number, items = 2): Part {
  return {
    anchor: `p${n}`,
    number: String(n),
    title: '标题',
    paragraphs: ['字'.repeat(chars)],
    items: Array.from({ length: items }, (_, i) => ({ anchor: `p${n}-i${i + 1}`, number: String(i + 1), paragraphs: [], units: [], subitems: [{ anchor: `p${n}-i${i + 1}-s1`, number: '1', text: '事项', units: [] }] })),
  }
}
function body(parts: Part[], rows = 0): DocumentBody {
  return {
    preamble: ['前言'],
    parts,
    closing: [],
    tables: rows ? [{ anchor: 't1', title: '任务分解表', rows: Array.from({ length: rows }, (_, i) => ({ seq: String(i + 1), task: '任务', units: [] })) }] : [],
  }
}

describe('a long document put on the page in steps', () => {
  it('first paints the opening paragraph: the preamble when it says something, else the first part', () => {
    expect(partsForFirstPaint({ ...body([part(1, 2000), part(2, 100)]), preamble: ['为进一步深化本区政务公开工作，助力全区中心工作落地见效，制定本工作要点。'.repeat(2)] })).toBe(0)
    expect(partsForFirstPaint(body([part(1, 2000), part(2, 100)]))).toBe(1)
    expect(partsForFirstPaint(body([part(1, 10, 0), part(2, 10, 0), part(3, 2000), part(4, 100)]))).toBe(3)
    expect(partsForFirstPaint(body([]))).toBe(0)
  })

  it('adds the parts, then the task table five rows a step, then the links and the questions', () => {
    const steps = bodySteps(body([part(1, 10), part(2, 10)], 12))
    expect(steps.total).toBe(2 + 3 + 2)
    expect(steps.at(1)).toEqual({ parts: 1, rows: [undefined], after: 0 })
    expect(steps.at(3)).toEqual({ parts: 2, rows: [5], after: 0 })
    expect(steps.at(5)).toEqual({ parts: 2, rows: [12], after: 0 })
    expect(steps.at(6)).toEqual({ parts: 2, rows: [12], after: 1 })
    expect(steps.at(7)).toEqual({ parts: 2, rows: [12], after: 2 })
  })
})
