import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoContent } from '../../../src/server/demo/load'
import { buildTestApp } from '../../support/app'
import { countStatements } from '../../support/statements'

let app: FastifyInstance
async function list(query: string) {
  const res = await app.inject(`/api/documents${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { items: Array<{ id: number, title: string, docNumber: string | null, status: string, topics: string[], level: string, district: string | null, type: string, issuer: string, issuedOn: string | null, publishedAt: string, snippet?: { text: string, ranges: Array<[number, number]> } }>, total: number, nextCursor: string | null, facets: Record<string, Array<{ value: string, count: number }>>, withoutFiltersTotal?: number }
}
const countOf = (facets: Record<string, Array<{ value: string, count: number }>>, facet: string, value: string) => facets[facet]?.find(f => f.value === value)?.count ?? 0

beforeAll(async () => {
  app = await buildTestApp({ clock: () => new Date('2026-11-24T02:00:00Z') })
  await loadDemoContent(app.db, new Date('2026-11-24T02:00:00Z'))
})
afterAll(() => app.close())

describe('GET /api/documents (browse)', () => {
  it('lists published documents newest first, with totals and counts per filter value', async () => {
    const all = await list('?limit=50')
    expect(all.total).toBe(12)
    expect(all.items).toHaveLength(12)
    const published = all.items.map(d => d.publishedAt)
    expect(all.items[0]!.title).toContain('垃圾分类')
    expect(published).toEqual([...published].sort().reverse())
    expect(countOf(all.facets, 'district', 'pudong')).toBe(3)
    expect(countOf(all.facets, 'level', 'city')).toBe(4)
    expect(countOf(all.facets, 'status', 'expired')).toBe(5)
    expect(countOf(all.facets, 'topic', 'housing')).toBe(2)
    expect(countOf(all.facets, 'year', '2023')).toBe(2)
  })

  it.each([
    ['topic=housing', (d: { topics: string[] }) => d.topics.includes('housing'), 2],
    ['audience=elderly', () => true, 3],
    ['level=city', (d: { level: string }) => d.level === 'city', 4],
    ['district=yangpu', (d: { district: string | null }) => d.district === 'yangpu', 2],
    ['year=2023', (d: { issuedOn: string | null }) => d.issuedOn?.startsWith('2023') ?? false, 2],
    ['type=normative', (d: { type: string }) => d.type === 'normative', 4],
    ['status=repealed', (d: { status: string }) => d.status === 'repealed', 1],
    [`issuer=${encodeURIComponent('上海市浦东新区人民政府办公室')}`, (d: { issuer: string }) => d.issuer === '上海市浦东新区人民政府办公室', 2],
  ])('filters by %s', async (query, holds, expected) => {
    const result = await list(`?${query}&limit=50`)
    expect(result.total).toBe(expected)
    expect(result.items.every(holds)).toBe(true)
  })

  it('combines filters, and counts each filter with the others applied', async () => {
    const result = await list('?district=pudong&status=expired&limit=50')
    expect(result.items.map(d => d.title).sort()).toEqual(['2017年浦东新区政务公开工作要点', '2023年浦东新区政务公开工作要点'])
    // the district counts ignore the district filter but keep status=expired
    expect(countOf(result.facets, 'district', 'yangpu')).toBe(1)
    expect(countOf(result.facets, 'district', 'jiading')).toBe(1)
    // the status counts keep district=pudong
    expect(countOf(result.facets, 'status', 'valid')).toBe(1)
  })

  it('treats several values of one filter as any of them', async () => {
    const result = await list('?district=yangpu&district=jiading&limit=50')
    expect(result.total).toBe(4)
  })

  it('pages with a cursor without repeating or skipping', async () => {
    const seen: number[] = []
    let cursor: string | null = ''
    do {
      const page = await list(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map(d => d.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(12)
    expect(new Set(seen).size).toBe(12)
  })

  it('refuses unknown filter values clearly', async () => {
    const res = await app.inject('/api/documents?topic=spaceflight')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'querystring.topic.0' })
  })
})

describe('GET /api/documents?q= (search)', () => {
  it('ranks a title match first and highlights the matched words in the snippet', async () => {
    const result = await list(`?q=${encodeURIComponent('加装电梯补贴')}`)
    expect(result.items[0]!.title).toBe('关于既有多层住宅加装电梯财政补贴的实施办法')
    const snippet = result.items[0]!.snippet!
    expect(snippet.ranges.length).toBeGreaterThan(0)
    const marked = snippet.ranges.map(([a, b]) => snippet.text.slice(a, b))
    expect(marked.some(m => m.includes('电梯') || m.includes('补贴'))).toBe(true)
  })

  it('finds words inside the body of the real corpus', async () => {
    const result = await list(`?q=${encodeURIComponent('任务分解表')}`)
    expect(result.items.map(d => d.title)).toContain('2023年浦东新区政务公开工作要点')
  })

  it('finds a policy through the text of its interpretation', async () => {
    const result = await list(`?q=${encodeURIComponent('公开即服务')}`)
    expect(result.items[0]!.title).toBe('2023年浦东新区政务公开工作要点')
  })

  it.each(['浦府办〔2023〕18号', '浦府办[2023]18号', '浦府办［2023］18号', '浦府办（2023）18号', '浦府办(2023)18号'])('finds the document first for the 文号 %s', async (docNumber) => {
    const result = await list(`?q=${encodeURIComponent(docNumber)}`)
    expect(result.items[0]!.docNumber).toBe('浦府办〔2023〕18号')
  })

  it('combines a query with every filter', async () => {
    const result = await list(`?q=${encodeURIComponent('政务公开')}&district=yangpu`)
    expect(result.items.length).toBeGreaterThan(0)
    expect(result.items.every(d => d.district === 'yangpu')).toBe(true)
  })

  it('says when dropping the filters would find something', async () => {
    const result = await list(`?q=${encodeURIComponent('加装电梯')}&district=jiading`)
    expect(result.total).toBe(0)
    expect(result.withoutFiltersTotal).toBeGreaterThan(0)
  })

  it.each([
    ['an empty query', ''],
    ['punctuation only', '！！！？？'],
    ['nonsense', 'qwzxqwzx'],
    ['2,000 characters', '政务公开'.repeat(500)],
  ])('answers %s without an error', async (_name, q) => {
    const res = await app.inject(`/api/documents?q=${encodeURIComponent(q)}`)
    expect(res.statusCode).toBe(200)
  })

  it('refuses a query over 2,000 characters with a clear message', async () => {
    const res = await app.inject(`/api/documents?q=${encodeURIComponent('电'.repeat(2001))}`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'querystring.q', detail: '内容太长：最多 2000 个字。' })
  })

  it('uses the same number of statements whatever the page size', async () => {
    const counted = (limit: number) => countStatements(app, () => list(`?q=${encodeURIComponent('政务公开')}&limit=${limit}`))
    const few = await counted(2)
    expect(few).toBeGreaterThan(0)
    expect(await counted(50)).toBe(few)
  })

  it.each([
    ['a search', `q=${encodeURIComponent('政务公开')}`],
    ['a search with filters', `q=${encodeURIComponent('政务公开')}&status=expired&topic=business`],
    ['the library with filters', 'district=pudong&audience=residents'],
  ])('counts in %s, for each filter value, the documents choosing it would give', async (_name, query) => {
    const result = await list(`?${query}&limit=50`)
    const counted = Object.entries(result.facets).flatMap(([facet, values]) => values.map(v => ({ facet, ...v })))
    expect(counted.some(c => c.facet === 'topic')).toBe(true)
    for (const { facet, value, count } of counted) {
      // the facet's own filter is replaced by its value, the others kept
      const others = new URLSearchParams(query)
      others.delete(facet)
      others.append(facet, value)
      expect((await list(`?${others}&limit=1`)).total, `${facet}=${value}`).toBe(count)
    }
  })
})

describe('GET /api/documents/:id', () => {
  it('brings the document with its interpretations, relations, service links and answered questions', async () => {
    const [doc] = (await list(`?q=${encodeURIComponent('沪房规〔2025〕4号')}`)).items
    const res = await app.inject(`/api/documents/${doc!.id}`)
    expect(res.statusCode).toBe(200)
    const page = res.json()
    expect(page.interpretations.map((i: { kind: string }) => i.kind)).toEqual(['graphic'])
    expect(page.related).toEqual([expect.objectContaining({ kind: 'replaces', docNumber: '沪房规〔2019〕7号', status: 'repealed' })])
    expect(page.serviceLinks[0].title).toContain('一网通办')
    expect(page.questions[0]).toMatchObject({ isFaq: true })
    expect(page.questions.every((q: Record<string, unknown>) => !('contact' in q))).toBe(true)
  })

  it('links a repealed document to what replaced it', async () => {
    const [old] = (await list(`?q=${encodeURIComponent('沪房规[2019]7号')}`)).items
    const page = (await app.inject(`/api/documents/${old!.id}`)).json()
    expect(page.status).toBe('repealed')
    expect(page.related).toEqual([expect.objectContaining({ kind: 'replaced-by', docNumber: '沪房规〔2025〕4号' })])
  })

  it('keeps the structure the importer found in the real plan', async () => {
    const [doc] = (await list(`?q=${encodeURIComponent('浦府办〔2023〕18号')}`)).items
    const page = (await app.inject(`/api/documents/${doc!.id}`)).json()
    expect(page.body.parts).toHaveLength(9)
    expect(page.body.tables[0].rows).toHaveLength(70)
  })
})
