import type { Db } from '../../src/server/db/client'
import type { NewDocument } from '../../src/server/repositories/documents'
// Search scaling: libraries of generated documents (sentences of the real corpus recombined), searched
// through the app's own searchDocuments(), p50/p95 of a fixed set of realistic queries per library size.
//
// Loading 100,000 documents one upsertDocument() at a time takes minutes; the bench computes every row
// exactly as upsertDocument does (searchFields() for the text and tokens, docNumberToken() for the 文号 key)
// and inserts them 1,000 to a statement, in one transaction per batch. On PostgreSQL the search index is
// dropped for the load and rebuilt from its own definition afterwards (what a bulk import would do);
// PGlite keeps it. Bodies are a few hundred characters (real plans are 5–20 thousand): say so when reading.
import type { Audience, DocumentStatus, DocumentType, Level, Topic } from '../../src/shared/constants'
import type { DocumentListQuery } from '../../src/shared/schemas/documents'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { documents } from '../../src/server/db/schema'
import { searchDocuments } from '../../src/server/repositories/document-search'
import { searchFields } from '../../src/server/repositories/documents'
import { AUDIENCES, DISTRICTS, DOCUMENT_STATUSES, DOCUMENT_TYPES, TOPICS } from '../../src/shared/constants'
import { docNumberToken } from '../../src/shared/tokenizer'
import { percentile, progress } from './util'

const CORPUS = 'src/server/demo/corpus'
const ISSUERS: Array<[string, string]> = [['上海市人民政府办公厅', '沪府办'], ['上海市人民政府', '沪府发'], ['浦东新区人民政府', '浦府'], ['杨浦区人民政府办公室', '杨府办'], ['嘉定区人民政府', '嘉府'], ['上海市住房和城乡建设管理委员会', '沪建规'], ['上海市人力资源和社会保障局', '沪人社规'], ['上海市民政局', '沪民规']]
const SUFFIXES = ['的通知', '的实施意见', '工作要点', '的若干措施', '管理办法', '实施方案', '的公告']

/** A small deterministic random generator, so every run builds the same libraries. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6D2B79F5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function corpusSentences(): string[] {
  const text = readdirSync(CORPUS).map(f => readFileSync(join(CORPUS, f), 'utf8')).join('\n')
  return text
    .replace(/[#*|>`_-]/g, ' ')
    .split(/(?<=[。；！？])|\n/)
    .map(s => s.replace(/\s+/g, '').trim())
    .filter(s => s.length >= 10 && s.length <= 160)
}

export const BODY_CHARS = 300

/** The i-th generated document: the same for a given i in every run. */
export function makeGenerator(sentences = corpusSentences()) {
  return (i: number): NewDocument => {
    const r = rng(i + 1)
    const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!
    const paragraphs: string[] = []
    let chars = 0
    while (chars < BODY_CHARS) {
      const s = pick(sentences)
      paragraphs.push(s)
      chars += s.length
    }
    const [issuer, prefix] = pick(ISSUERS)
    const year = 2010 + (i % 16)
    const headline = pick(sentences).split(/[，。；、：]/)[0]!.slice(0, 24)
    const type = pick(DOCUMENT_TYPES) as DocumentType
    return {
      slug: `bench-${i}`,
      title: `关于${headline}${pick(SUFFIXES)}`,
      docNumber: `${prefix}〔${year}〕${1000 + i}号`,
      issuer,
      level: (prefix.startsWith('沪') ? 'city' : 'district') as Level,
      district: prefix.startsWith('沪') ? null : pick(DISTRICTS),
      type,
      status: pick(DOCUMENT_STATUSES) as DocumentStatus,
      issuedOn: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      publishedAt: new Date(Date.UTC(year, i % 12, 16, 2)),
      topics: [pick(TOPICS) as Topic],
      audiences: [pick(AUDIENCES) as Audience],
      summary: paragraphs[0]!.slice(0, 60),
      body: {
        preamble: [],
        parts: [{ anchor: 'p1', number: '一', title: headline, paragraphs: paragraphs.slice(0, 2), items: paragraphs.slice(2).map((text, k) => ({ anchor: `p1-i${k + 1}`, number: '一二三四五六七八九十'[k % 10]!, paragraphs: [text], subitems: [], units: [] })) }],
        closing: [],
        tables: [],
      },
    } as NewDocument
  }
}

/** The row upsertDocument() would write for the document. */
function row(doc: NewDocument): NewDocument {
  return { ...doc, ...searchFields(doc), docNumberKey: doc.docNumber ? docNumberToken(doc.docNumber) : null }
}

/** Adds documents [from, to) in batches; computing the next batch overlaps the database's insert of this one. */
export async function addDocuments(db: Db, kind: 'pglite' | 'postgres', generate: (i: number) => NewDocument, from: number, to: number): Promise<{ seconds: number, indexSeconds: number }> {
  const started = performance.now()
  let indexDef: string | undefined
  if (kind === 'postgres') {
    const found = await db.execute(sql`select indexdef from pg_indexes where indexname = 'documents_search_idx'`) as unknown as { rows: Array<{ indexdef: string }> }
    indexDef = found.rows[0]?.indexdef
    if (indexDef)
      await db.execute(sql`drop index documents_search_idx`)
  }
  const BATCH = 1000
  let pending: Promise<unknown> = Promise.resolve()
  for (let start = from; start < to; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, to - start) }, (_, k) => row(generate(start + k)))
    await pending
    pending = db.insert(documents).values(batch)
    if (start % 20_000 === 0 && start > from)
      progress(`    ${start.toLocaleString('en')} documents…`)
  }
  await pending
  const indexStarted = performance.now()
  if (indexDef) {
    await db.execute(sql.raw(`set maintenance_work_mem = '256MB'`))
    await db.execute(sql.raw(indexDef))
  }
  // as a library that has been live a while is: vacuumed (the visibility map lets the match read the index
  // alone) and analysed, with no autovacuum of the fresh load running under the measurement
  await db.execute(sql`vacuum analyze documents`)
  return { seconds: (indexStarted - started) / 1000, indexSeconds: (performance.now() - indexStarted) / 1000 }
}

export interface SearchQuery { name: string, q: string }

export function searchQueries(generate: (i: number) => NewDocument): SearchQuery[] {
  return [
    { name: 'common word', q: '政务公开' },
    { name: 'word', q: '营商环境' },
    { name: 'two words', q: '重点领域 信息公开' },
    { name: '文号', q: generate(777).docNumber! },
    { name: 'rare word', q: '垃圾分类' },
  ]
}

export interface SearchScale {
  db: 'pglite' | 'postgres'
  documents: number
  loadSeconds: number
  indexSeconds: number
  samples: number
  p50: number
  p95: number
  perQuery: Array<{ name: string, q: string, p50: number, total: number }>
}

/** Runs the queries round after round (at least `minRounds`, then until `budgetMs` is spent or `maxRounds`). */
export async function measureSearch(db: Db, queries: SearchQuery[], opts: { minRounds: number, maxRounds: number, budgetMs: number }) {
  const times = new Map<string, number[]>(queries.map(q => [q.name, []]))
  const totals = new Map<string, number>()
  for (const query of queries) {
    const warm = await searchDocuments(db, { q: query.q, limit: 20 } as DocumentListQuery)
    totals.set(query.name, warm.total)
  }
  const started = performance.now()
  for (let round = 0; round < opts.maxRounds; round++) {
    if (round >= opts.minRounds && performance.now() - started > opts.budgetMs)
      break
    for (const query of queries) {
      const t0 = performance.now()
      await searchDocuments(db, { q: query.q, limit: 20 } as DocumentListQuery)
      times.get(query.name)!.push(performance.now() - t0)
    }
  }
  const all = [...times.values()].flat()
  return {
    samples: all.length,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    perQuery: queries.map(q => ({ name: q.name, q: q.q, p50: percentile(times.get(q.name)!, 50), total: totals.get(q.name) ?? 0 })),
  }
}
