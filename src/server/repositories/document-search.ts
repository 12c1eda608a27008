import type { SQL } from 'drizzle-orm'
import type { DocumentFilters, DocumentList, DocumentListQuery, Facet } from '../../shared/schemas/documents'
import type { Db } from '../db/client'
import { sql } from 'drizzle-orm'
import { docNumberToken, highlight, tokenizeQuery, toTsQuery } from '../../shared/tokenizer'

// Library listing and search in two statements whatever the page size: the page (with the total as a
// window count) and every facet's counts (one UNION ALL). Both read the same `base` of published
// documents, so a filter means the same thing in both.

const YEAR = sql.raw('extract(year from coalesce(issued_on, published_at::date))::int')

const anyOf = (values: readonly (string | number)[]) => sql`(${sql.join(values.map(v => sql`${v}`), sql`, `)})`
const arrayOf = (values: readonly string[]) => sql`array[${sql.join(values.map(v => sql`${v}`), sql`, `)}]::text[]`

/** The WHERE conditions for the filters, leaving out one facet (its own counts ignore it). */
function filterConditions(filters: DocumentFilters, except?: Facet): SQL[] {
  const c: SQL[] = []
  const on = (facet: Facet, values: readonly unknown[] | undefined) => facet !== except && values !== undefined && values.length > 0
  if (on('topic', filters.topic))
    c.push(sql`topics && ${arrayOf(filters.topic!)}`)
  if (on('audience', filters.audience))
    c.push(sql`audiences && ${arrayOf(filters.audience!)}`)
  if (on('issuer', filters.issuer))
    c.push(sql`issuer in ${anyOf(filters.issuer!)}`)
  if (on('level', filters.level))
    c.push(sql`level in ${anyOf(filters.level!)}`)
  if (on('district', filters.district))
    c.push(sql`district in ${anyOf(filters.district!)}`)
  if (on('year', filters.year))
    c.push(sql`year in ${anyOf(filters.year!)}`)
  if (on('type', filters.type))
    c.push(sql`type in ${anyOf(filters.type!)}`)
  if (on('status', filters.status))
    c.push(sql`status in ${anyOf(filters.status!)}`)
  return c
}

const where = (conditions: SQL[]) => conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``

interface SearchPlan { tsquery?: string, docKey?: string | null, tokens: string[] }

function baseCte(plan: SearchPlan) {
  const match = plan.tsquery
    ? sql`and (search_vector @@ to_tsquery('simple', ${plan.tsquery})${plan.docKey ? sql` or doc_number_key = ${plan.docKey}` : sql``})`
    : sql``
  const rank = plan.tsquery
    ? sql`ts_rank_cd(search_vector, to_tsquery('simple', ${plan.tsquery}))${plan.docKey ? sql` + case when doc_number_key = ${plan.docKey} then 100 else 0 end` : sql``}`
    : sql`0`
  return sql`with base as (
    select id, slug, title, doc_number, issuer, level, district, type, status, issued_on, published_at, valid_until,
           topics, audiences, summary, ${YEAR} as year, ${rank}::float8 as rank
    from documents where published_at is not null ${match})`
}

interface PageRow {
  id: number
  slug: string
  title: string
  doc_number: string | null
  issuer: string
  level: string
  district: string | null
  type: string
  status: string
  issued_on: string | Date | null
  published_at: string | Date | null
  valid_until: string | Date | null
  topics: string[]
  audiences: string[]
  summary: string
  plain_text: string | null
  total: number
}

const asDate = (v: string | Date | null) => v === null ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10)
const asInstant = (v: string | Date | null) => v === null ? null : new Date(v).toISOString()

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

// Cursors: browsing pages by (published_at, id), stable under inserts; a ranked search by offset.
function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
function decodeCursor(cursor: string | undefined): unknown {
  if (!cursor)
    return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  }
  catch {
    return undefined
  }
}

async function page(db: Db, plan: SearchPlan, query: DocumentListQuery) {
  const conditions = filterConditions(query)
  const cursor = decodeCursor(query.cursor)
  let order: SQL
  let offset = 0
  if (plan.tsquery) {
    offset = typeof cursor === 'object' && cursor && 'o' in cursor && Number.isInteger((cursor as { o: unknown }).o) ? Math.max(0, (cursor as { o: number }).o) : 0
    order = sql`order by rank desc, published_at desc, id desc`
  }
  else {
    const after = Array.isArray(cursor) && typeof cursor[0] === 'string' && Number.isInteger(cursor[1]) ? cursor as [string, number] : undefined
    if (after && !Number.isNaN(Date.parse(after[0])))
      conditions.push(sql`(published_at, id) < (${after[0]}::timestamptz, ${after[1]})`)
    order = sql`order by published_at desc, id desc`
  }
  const result = await db.execute(sql`${baseCte(plan)}
    select base.*, ${plan.tsquery ? sql`(select d.plain_text from documents d where d.id = base.id)` : sql`null`} as plain_text, count(*) over ()::int as total
    from base
    ${where(conditions.map(c => sql`(${c})`))}
    ${order} limit ${query.limit + 1} offset ${offset}`)
  return { rows: rows<PageRow>(result), offset }
}

async function facetCounts(db: Db, plan: SearchPlan, filters: DocumentFilters) {
  const part = (facet: Facet, valueSql: SQL, from: SQL) =>
    sql`select ${facet} as facet, ${valueSql}::text as value, count(*)::int as n from ${from} ${where(filterConditions(filters, facet))} group by 2`
  const unnest = (column: string) => sql.raw(`base cross join lateral unnest(${column}) as v`)
  const parts = [
    part('topic', sql.raw('v'), unnest('topics')),
    part('audience', sql.raw('v'), unnest('audiences')),
    part('issuer', sql.raw('issuer'), sql.raw('base')),
    part('level', sql.raw('level'), sql.raw('base')),
    part('district', sql.raw('district'), sql.raw('base')),
    part('year', sql.raw('year'), sql.raw('base')),
    part('type', sql.raw('type'), sql.raw('base')),
    part('status', sql.raw('status'), sql.raw('base')),
  ]
  const result = await db.execute(sql`${baseCte(plan)} ${sql.join(parts, sql` union all `)}`)
  const facets: Record<string, Array<{ value: string, count: number }>> = {}
  for (const row of rows<{ facet: string, value: string | null, n: number }>(result)) {
    if (row.value === null)
      continue
    facets[row.facet] ??= []
    facets[row.facet]!.push({ value: row.value, count: Number(row.n) })
  }
  for (const list of Object.values(facets))
    list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
  return facets
}

const hasFilters = (f: DocumentFilters) => [f.topic, f.audience, f.issuer, f.level, f.district, f.year, f.type, f.status].some(v => v && v.length > 0)

/** Lists or searches the library: a page, the total, each facet's counts, and snippets for a search. */
export async function searchDocuments(db: Db, query: DocumentListQuery): Promise<DocumentList> {
  const q = query.q?.trim() ?? ''
  const tokens = q ? tokenizeQuery(q) : []
  if (q && tokens.length === 0)
    return { items: [], nextCursor: null, total: 0, facets: {} }
  const plan: SearchPlan = { tokens, tsquery: tokens.length ? toTsQuery(tokens, 'and') : undefined, docKey: q ? docNumberToken(q) : null }

  let found = await page(db, plan, query)
  // Every word must match first; when that finds nothing, any word will do, ranked by how many match.
  if (found.rows.length === 0 && tokens.length > 1) {
    plan.tsquery = toTsQuery(tokens, 'or')
    found = await page(db, plan, query)
  }
  const facets = await facetCounts(db, plan, query)
  const pageRows = found.rows.slice(0, query.limit)
  const last = pageRows.at(-1)
  const nextCursor = found.rows.length > query.limit && last
    ? encodeCursor(plan.tsquery ? { o: found.offset + query.limit } : [asInstant(last.published_at), last.id])
    : null

  const list: DocumentList = {
    items: pageRows.map(r => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      docNumber: r.doc_number,
      issuer: r.issuer,
      level: r.level as DocumentList['items'][number]['level'],
      district: r.district,
      type: r.type as DocumentList['items'][number]['type'],
      status: r.status as DocumentList['items'][number]['status'],
      issuedOn: asDate(r.issued_on),
      publishedAt: asInstant(r.published_at),
      validUntil: asDate(r.valid_until),
      topics: r.topics as DocumentList['items'][number]['topics'],
      audiences: r.audiences as DocumentList['items'][number]['audiences'],
      summary: r.summary,
      ...(plan.tsquery ? { snippet: snippetFor(r, tokens) } : {}),
    })),
    nextCursor,
    total: pageRows[0]?.total ?? 0,
    facets,
  }
  if (list.total === 0 && q && hasFilters(query))
    list.withoutFiltersTotal = rows<{ total: number }>(await db.execute(sql`${baseCte(plan)} select count(*)::int as total from base`))[0]?.total ?? 0
  return list
}

function snippetFor(row: PageRow, tokens: string[]) {
  const fromBody = highlight(row.plain_text ?? '', tokens, { maxLength: 120 })
  if (fromBody.ranges.length)
    return { text: fromBody.snippet, ranges: fromBody.ranges }
  const fromSummary = highlight(row.summary, tokens, { maxLength: 120 })
  return { text: fromSummary.snippet, ranges: fromSummary.ranges }
}
