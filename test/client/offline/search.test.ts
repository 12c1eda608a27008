import type { SourcedEntry } from '../../../src/client/offline/search'
import { describe, expect, it } from 'vitest'
import { entriesFrom } from '../../../src/client/offline/kinds'
import { mergeEntries, searchEntries } from '../../../src/client/offline/search'
import corpus from '../../../src/server/demo/corpus/pudong-2023-gongkai-yaodian.md?raw'

const paragraphs = corpus.split(/\n+/).filter(Boolean)

// A document page as GET /api/documents/:id answers it (only the fields offline search reads matter).
const pudong = {
  id: 7,
  title: '2023年浦东新区政务公开工作要点',
  docNumber: '浦府办〔2023〕18号',
  issuer: '浦东新区人民政府办公室',
  summary: '深化政务公开，助力全区中心工作落地见效。',
  status: 'valid',
  body: { preamble: paragraphs.slice(0, 20), parts: [{ anchor: 'p1', number: '一', title: '总体要求', paragraphs: paragraphs.slice(20), items: [] }], closing: [], tables: [] },
}
const event = { id: 3, title: '走进浦东新区档案馆', organiser: '浦东新区档案局', venue: '档案馆', address: '浦东大道1号', description: '参观档案修复室，了解档案如何公开查阅。', programme: [{ kind: 'visit', title: '参观修复室' }], accessibility: '', status: 'scheduled' }
const sourced = (url: string, data: unknown, saved = false): SourcedEntry[] => entriesFrom(url, data).map(e => ({ ...e, saved }))

describe('offline search on the device', () => {
  const entries = mergeEntries([...sourced('/api/documents/7', pudong, true), ...sourced('http://localhost/api/events/3', event)])

  it('finds a phrase from deep inside a saved document with the shared tokenizer, and marks it', () => {
    const hits = searchEntries(entries, '加装电梯')
    expect(hits.map(h => [h.kind, h.id, h.path, h.saved])).toEqual([['document', '7', '/policies/7', true]])
    const { text, ranges } = hits[0]!.snippet
    expect(ranges.length).toBeGreaterThan(0)
    expect(ranges.map(([a, b]) => text.slice(a, b)).join('')).toContain('加装电梯')
  })

  it('needs every word of the query, as the server does', () => {
    expect(searchEntries(entries, '档案 修复')).toHaveLength(1)
    expect(searchEntries(entries, '档案 加装电梯')).toHaveLength(0)
    expect(searchEntries(entries, ' 。')).toEqual([])
  })

  it('finds a document by its 文号 written another way', () => {
    expect(searchEntries(entries, '浦府办（2023）18号').map(h => h.id)).toEqual(['7'])
  })

  it('ranks a match in the title before one in the text only', () => {
    const hits = searchEntries(entries, '浦东新区')
    expect(hits.map(h => h.kind)).toEqual(['document', 'event'])
    const withTitleHit = searchEntries(entries, '档案')
    expect(withTitleHit[0]!.kind).toBe('event')
    expect(withTitleHit[0]!.title.ranges).not.toEqual([])
  })
})

describe('mergeEntries', () => {
  it('keeps one entry per page: the full page over a list summary, saved when any copy is saved', () => {
    const list = { items: [{ id: 7, title: pudong.title, docNumber: pudong.docNumber, issuer: pudong.issuer, summary: pudong.summary }], nextCursor: null, total: 1, facets: {} }
    const merged = mergeEntries([...sourced('/api/documents?q=x', list, true), ...sourced('/api/documents/7', pudong)])
    expect(merged).toHaveLength(1)
    expect(merged[0]).toMatchObject({ id: '7', partial: false, saved: true })
    expect(merged[0]!.text).toContain('加装电梯')
  })
})
