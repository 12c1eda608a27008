import type { FastifyInstance } from 'fastify'
import type { NewDocument } from '../../../src/server/repositories/documents'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documents } from '../../../src/server/db/schema'
import { searchFields } from '../../../src/server/repositories/documents'
import { buildTestApp } from '../../support/app'

// A search ranks at most its 500 most recent hits (document-search.ts, RANK_CANDIDATES) and lists the older
// ones after them, newest first: a library of 530 documents with the same word crosses that line.
const DOCUMENTS = 530

let app: FastifyInstance
interface Page { items: Array<{ id: number, title: string, publishedAt: string }>, total: number, nextCursor: string | null, facets: Record<string, Array<{ value: string, count: number }>> }
async function search(query: string): Promise<Page> {
  const res = await app.inject(`/api/documents${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as Page
}

function generated(i: number): NewDocument {
  const doc = {
    slug: `many-${i}`,
    // one document in seven has the word in its title too: the ranked ones are not in date order
    title: i % 7 === 0 ? `关于垃圾分类的通知（${i}）` : `关于社区工作的通知（${i}）`,
    docNumber: null,
    issuer: i % 2 ? '上海市绿化和市容管理局' : '上海市人民政府办公厅',
    level: 'city',
    district: null,
    type: i % 3 ? 'notice' : 'normative',
    status: 'valid',
    issuedOn: null,
    publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000),
    topics: i % 2 ? ['environment'] : ['environment', 'housing'],
    audiences: ['residents'],
    summary: '',
    body: { preamble: [], parts: [{ anchor: 'p1', number: '一', title: '要求', paragraphs: ['做好生活垃圾分类工作。'], items: [] }], closing: [], tables: [] },
  } as unknown as NewDocument
  return { ...doc, ...searchFields(doc) }
}

beforeAll(async () => {
  app = await buildTestApp({ clock: () => new Date('2026-11-24T02:00:00Z') })
  await app.db.insert(documents).values(Array.from({ length: DOCUMENTS }, (_, i) => generated(i)))
})
afterAll(() => app.close())

describe('GET /api/documents?q= (more hits than are ranked)', () => {
  it('pages through every hit once: the 500 most recent ranked first, then the older ones newest first', async () => {
    const seen: Page['items'] = []
    let cursor: string | null = ''
    do {
      const page: Page = await search(`?q=${encodeURIComponent('垃圾分类')}&limit=45${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.total).toBe(DOCUMENTS)
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(DOCUMENTS)
    expect(new Set(seen.map(d => d.id)).size).toBe(DOCUMENTS)
    const newestFirst = [...seen].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
    // the ranked ones: the 500 most recent, a title match before the others
    expect(new Set(seen.slice(0, 500).map(d => d.id))).toEqual(new Set(newestFirst.slice(0, 500).map(d => d.id)))
    expect(seen[0]!.title).toContain('垃圾分类')
    expect(seen.slice(0, 500).map(d => d.publishedAt)).not.toEqual(newestFirst.slice(0, 500).map(d => d.publishedAt))
    // then the rest, by date
    expect(seen.slice(500)).toEqual(newestFirst.slice(500))
  })

  it('gives a page that starts among the ranked hits and ends after them the same hits as smaller pages', async () => {
    const q = encodeURIComponent('垃圾分类')
    const at = (o: number) => Buffer.from(JSON.stringify({ o })).toString('base64url')
    const across = await search(`?q=${q}&limit=50&cursor=${at(480)}`)
    const before = await search(`?q=${q}&limit=20&cursor=${at(480)}`)
    const after = await search(`?q=${q}&limit=30&cursor=${at(500)}`)
    expect(across.items).toHaveLength(50)
    expect(across.items.map(d => d.id)).toEqual([...before.items, ...after.items].map(d => d.id))
  })

  it('counts every hit in the facets, not only the ranked ones', async () => {
    const page = await search(`?q=${encodeURIComponent('垃圾分类')}&limit=5`)
    expect(page.facets.topic).toEqual([{ value: 'environment', count: DOCUMENTS }, { value: 'housing', count: DOCUMENTS / 2 }])
    expect(page.facets.type?.find(t => t.value === 'normative')?.count).toBe(Math.ceil(DOCUMENTS / 3))
  })

  it('leaves the planner settings of the connections as it found them', async () => {
    await search(`?q=${encodeURIComponent('垃圾分类')}`)
    // as many at once as the pool has connections, so the one the search used answers too
    const settings = await Promise.all(Array.from({ length: 8 }, () => app.db.execute(sql`select current_setting('enable_seqscan') as v`)))
    expect(settings.map(r => (r as unknown as { rows: Array<{ v: string }> }).rows[0]!.v)).toEqual(Array.from({ length: 8 }, () => 'on'))
  })
})
