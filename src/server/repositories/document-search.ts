import type { SQL } from 'drizzle-orm'
import type { DocumentFilters, DocumentList, DocumentListQuery, Facet } from '../../shared/schemas/documents'
import type { Db } from '../db/client'
import { sql } from 'drizzle-orm'
import { FACETS } from '../../shared/schemas/documents'
import { docNumberToken, highlight, tokenizeQuery, toTsQuery } from '../../shared/tokenizer'

// Library listing and search in one statement whatever the page size: the page, the total, each facet's
// counts and, for a search, a short stretch of each hit's text to build its snippet from. All of them read one
// materialised set of matching published documents, so a filter means the same thing everywhere and the match is
// computed once.
//
// What keeps a search cheap at 10,000+ documents (bench/run.ts part 4):
// - the match reads only the GIN index (an exact tsquery match needs no recheck) and a few plain columns: the
//   search vector itself, large and stored out of line, is never read for the whole match (nor, for a very
//   common word, by a seq scan: see searchDocuments);
// - the rank (ts_rank_cd, which has to read each vector) is computed for at most RANK_CANDIDATES hits: the most
//   recent ones, plus a document whose 文号 is the query. A query matching more than that ranks its most recent
//   matches and lists the older ones after them, newest first; a page within the ranked ones reads no others;
// - the counts (total, each facet's values) are one pass over the match (grouping sets), whatever the number
//   of facets: a word in 60 % of 100,000 documents matches 60,000 rows, and each pass over them costs 5–10 ms;
// - the snippet is highlighted on SNIPPET_WINDOW characters around the first match, not on the whole text.

/** At most this many hits of one search are ranked (the most recent ones). */
const RANK_CANDIDATES = 500
/** Characters of a hit's text sent to the highlighter, starting a little before the first match. */
const SNIPPET_WINDOW = 400
const SNIPPET_LEAD = 160
/** At most this many query tokens are looked for to place the snippet's window. */
const WINDOW_TOKENS = 6

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

const where = (conditions: SQL[]) => conditions.length ? sql`where ${sql.join(conditions.map(c => sql`(${c})`), sql` and `)}` : sql``

interface SearchPlan { tsquery?: string, docKey?: string | null, tokens: string[] }

interface PageItem {
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
  /** a search hit's text (null when listing) */
  plain_text: string | null
}

interface ListRow {
  items: PageItem[] | null
  total: number
  /** matches without the filters */
  unfiltered: number
  facets: Array<{ facet: string, value: string | null, n: number }> | null
}

const asDate = (v: string | Date | null) => v === null ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10)
const asInstant = (v: string | Date | null) => v === null ? null : new Date(v).toISOString()

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

/** json columns come back parsed from node-postgres and PGlite alike; a driver handing text is parsed here. */
function parsed<T>(value: T | string | null): T | null {
  return typeof value === 'string' ? JSON.parse(value) as T : value
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

const SCALAR_FACETS = ['issuer', 'level', 'district', 'year', 'type', 'status'] as const
const ARRAY_FACETS = ['topic', 'audience'] as const
/** Each facet's grouping set: its column, and whether a document has one value of it or an array. */
const FACET_SETS: Array<{ facet: Facet, column: string, array: boolean }> = [
  ...SCALAR_FACETS.map(facet => ({ facet, column: facet, array: false })),
  ...ARRAY_FACETS.map(facet => ({ facet, column: `${facet}s`, array: true })),
]

/**
 * The counts over `matched` in one pass (grouping sets): per value of each facet, ignoring that facet's own
 * filter; topics and audiences per distinct array, spread over their values afterwards (facetsPart); and, in the
 * empty set, the total and the matches without filters. A value the other filters leave no document for comes
 * back with n = 0.
 */
function countsPart(filters: DocumentFilters): SQL {
  const kept = (except?: Facet) => {
    const c = filterConditions(filters, except)
    return c.length ? sql`count(*) filter (where ${sql.join(c.map(x => sql`(${x})`), sql` and `)})` : sql`count(*)`
  }
  const when = (then: (set: typeof FACET_SETS[number]) => SQL) => sql.join(FACET_SETS.map(s => sql`when grouping(${sql.raw(s.column)}) = 0 then ${then(s)}`), sql` `)
  return sql`select case ${when(s => sql`${s.facet}::text`)} end as facet,
      case ${when(s => s.array ? sql`null::text` : sql`${sql.raw(s.column)}::text`)} end as value,
      case ${when(s => s.array ? sql`${sql.raw(s.column)}::text[]` : sql`null::text[]`)} end as vals,
      (case ${when(s => kept(s.facet))} else ${kept()} end)::int as n,
      count(*)::int as everything
    from matched group by grouping sets (${sql.raw(FACET_SETS.map(s => `(${s.column})`).join(', '))}, ())`
}

/** The facets' rows from the counts: single values as they are, arrays spread over their values. */
const facetsPart = sql`select facet, value, n from counts where facet in (${sql.join(SCALAR_FACETS.map(f => sql`${f}`), sql`, `)})
    union all
    select facet, v, sum(n)::int from counts cross join lateral unnest(vals) as v where facet in (${sql.join(ARRAY_FACETS.map(f => sql`${f}`), sql`, `)}) group by facet, v`

/** The page, the total and the facets (and the total without filters): one statement. */
async function listStatement(db: Db, plan: SearchPlan, query: DocumentListQuery) {
  const conditions = filterConditions(query)
  const cursor = decodeCursor(query.cursor)
  const hits = conditions.length ? sql`(select * from matched ${where(conditions)})` : sql`matched`
  const tsq = plan.tsquery ? sql`to_tsquery('simple', ${plan.tsquery})` : undefined
  const match = tsq
    ? sql`and (search_vector @@ ${tsq}${plan.docKey ? sql` or doc_number_key = ${plan.docKey}` : sql``})`
    : sql``
  let offset = 0
  let page: SQL
  if (tsq) {
    offset = typeof cursor === 'object' && cursor && 'o' in cursor && Number.isInteger((cursor as { o: unknown }).o) ? Math.max(0, (cursor as { o: number }).o) : 0
    const docHit = plan.docKey ? sql` + case when d.doc_number_key = ${plan.docKey} then 100 else 0 end` : sql``
    // Ranked hits (rank >= 0) come before the others (-1), which follow newest first. A page within the first
    // RANK_CANDIDATES hits is made of ranked ones only, so it never reads the rest.
    const rest = offset + query.limit + 1 > RANK_CANDIDATES
      ? sql` union all select h.id, -1::float8, h.published_at from ${hits} h where h.id not in (select id from candidates)`
      : sql``
    page = sql`, candidates as (
        (select id, published_at from ${hits} h order by published_at desc, id desc limit ${RANK_CANDIDATES})
        ${plan.docKey ? sql`union select h.id, h.published_at from ${hits} h join documents d on d.id = h.id where d.doc_number_key = ${plan.docKey}` : sql``}
      ), ranked as (
        select c.id, coalesce((ts_rank_cd(d.search_vector, ${tsq})${docHit})::float8, -1) as rank, c.published_at
        from candidates c join documents d on d.id = c.id
      ), page as (
        select id, rank, published_at from (select * from ranked${rest}) r
        order by rank desc, published_at desc, id desc limit ${query.limit + 1} offset ${offset}
      )`
  }
  else {
    const last = Array.isArray(cursor) && typeof cursor[0] === 'string' && Number.isInteger(cursor[1]) ? cursor as [string, number] : undefined
    const after = last && !Number.isNaN(Date.parse(last[0])) ? sql`where (h.published_at, h.id) < (${last[0]}::timestamptz, ${last[1]})` : sql``
    page = sql`, page as (
        select h.id, 0::float8 as rank, h.published_at from ${hits} h ${after}
        order by h.published_at desc, h.id desc limit ${query.limit + 1}
      )`
  }
  // one read of the text (it is stored compressed and out of line: every function applied to it reads it again)
  const text = tsq ? sql`, d.plain_text` : sql`, null::text as plain_text`
  const result = await db.execute(sql`with matched as materialized (
      select id, published_at, issuer, level, district, type, status, topics, audiences, ${YEAR} as year
      from documents where published_at is not null ${match}
    )${page}, items as (
      select d.id, d.slug, d.title, d.doc_number, d.issuer, d.level, d.district, d.type, d.status, d.issued_on, d.published_at,
             d.valid_until, d.topics, d.audiences, d.summary ${text}, p.rank
      from page p join documents d on d.id = p.id
    ), counts as (${countsPart(query)})
    select (select json_agg(i order by i.rank desc, i.published_at desc, i.id desc) from items i) as items,
           (select n from counts where facet is null) as total,
           (select everything from counts where facet is null) as unfiltered,
           (select json_agg(f) from (${facetsPart}) f) as facets`)
  return { row: rows<ListRow>(result)[0]!, offset }
}
const hasFilters = (f: DocumentFilters) => [f.topic, f.audience, f.issuer, f.level, f.district, f.year, f.type, f.status].some(v => v && v.length > 0)

/** Lists or searches the library: a page, the total, each facet's counts, and snippets for a search. */
export async function searchDocuments(db: Db, query: DocumentListQuery): Promise<DocumentList> {
  const q = query.q?.trim() ?? ''
  const tokens = q ? tokenizeQuery(q) : []
  if (q && tokens.length === 0)
    return { items: [], nextCursor: null, total: 0, facets: {} }
  const plan: SearchPlan = { tokens, tsquery: tokens.length ? toTsQuery(tokens, 'and') : undefined, docKey: q ? docNumberToken(q) : null }

  const find = async (on: Db) => {
    let found = await listStatement(on, plan, query)
    // Every word must match first; when that finds nothing, any word will do, ranked by how many match.
    if (found.row.total === 0 && tokens.length > 1) {
      plan.tsquery = toTsQuery(tokens, 'or')
      found = await listStatement(on, plan, query)
    }
    return found
  }
  // A word in most documents (上海, 政府, 公开: 80–99 % of them) makes the planner's seq scan look as cheap as
  // the GIN index, but the scan reads every document's out-of-line search vector: 1–2 s at 100,000 documents
  // instead of tens of milliseconds. So a search reads the index whenever it can.
  const found = plan.tsquery
    ? await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`)
        return find(tx)
      })
    : await find(db)
  const result = found.row
  const pageRows = parsed(result.items) ?? []
  const shown = pageRows.slice(0, query.limit)
  const last = shown.at(-1)
  const nextCursor = pageRows.length > query.limit && last
    ? encodeCursor(plan.tsquery ? { o: found.offset + query.limit } : [asInstant(last.published_at), last.id])
    : null
  const facets: Record<string, Array<{ value: string, count: number }>> = {}
  // in the order of FACETS, whatever order the grouping sets came back in
  const facetRows = (parsed(result.facets) ?? []).sort((a, b) => FACETS.indexOf(a.facet as Facet) - FACETS.indexOf(b.facet as Facet))
  for (const row of facetRows) {
    if (row.value === null || Number(row.n) === 0)
      continue
    facets[row.facet] ??= []
    facets[row.facet]!.push({ value: row.value, count: Number(row.n) })
  }
  for (const values of Object.values(facets))
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))

  const list: DocumentList = {
    items: shown.map(r => ({
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
    total: Number(result.total),
    facets,
  }
  if (list.total === 0 && q && hasFilters(query))
    list.withoutFiltersTotal = Number(result.unfiltered)
  return list
}

/** Where the text first holds one of the first WINDOW_TOKENS query tokens (case folded for Latin), -1 for none. */
function firstMatch(text: string, tokens: string[]): number {
  let lower: string | undefined
  let first = -1
  for (const token of tokens.filter(t => t.trim() !== '' && docNumberToken(t) === null).slice(0, WINDOW_TOKENS)) {
    const at = /\P{Script=Han}/u.test(token) ? (lower ??= text.toLowerCase()).indexOf(token) : text.indexOf(token)
    if (at >= 0 && (first < 0 || at < first))
      first = at
  }
  return first
}

/**
 * The snippet: highlighted in SNIPPET_WINDOW characters of the text around its first match (marked `…` where
 * cut), else in the summary. Highlighting folds every character it reads: the whole text of a long plan would
 * cost milliseconds per hit.
 */
function snippetFor(row: PageItem, tokens: string[]) {
  const text = row.plain_text ?? ''
  const at = firstMatch(text, tokens)
  let start = Math.max(0, at - SNIPPET_LEAD)
  let end = Math.min(text.length, start + SNIPPET_WINDOW)
  // never half a surrogate pair
  if (/[\uDC00-\uDFFF]/.test(text[start] ?? ''))
    start++
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? ''))
    end--
  const fromBody = at < 0 ? { snippet: '', ranges: [] } : highlight(text.slice(start, end), tokens, { maxLength: 120 })
  if (fromBody.ranges.length) {
    let { snippet, ranges } = fromBody
    if (start > 0 && /\S/.test(text.slice(0, start)) && !snippet.startsWith('…')) {
      snippet = `…${snippet}`
      ranges = ranges.map(([a, b]): [number, number] => [a + 1, b + 1])
    }
    if (end < text.length && /\S/.test(text.slice(end)) && !snippet.endsWith('…'))
      snippet = `${snippet}…`
    return { text: snippet, ranges }
  }
  const fromSummary = highlight(row.summary, tokens, { maxLength: 120 })
  return { text: fromSummary.snippet, ranges: fromSummary.ranges }
}
