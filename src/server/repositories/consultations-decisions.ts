import type { CatalogueAddBody, CatalogueChangeBody, DecisionCatalogue } from '../../shared/schemas/consultation-decisions'
import type { Db } from '../db/client'
import { asc, desc, eq, inArray, max } from 'drizzle-orm'
import { decisionCatalogues, majorDecisionChanges, majorDecisions } from '../db/schema'

/** A year's catalogue (the latest published one when no year is given), with each entry's changes. */
export async function getCatalogue(db: Db, year?: number): Promise<DecisionCatalogue | undefined> {
  const years = (await db.select({ year: decisionCatalogues.year }).from(decisionCatalogues).orderBy(desc(decisionCatalogues.year))).map(r => r.year)
  const wanted = year ?? years[0]
  const [catalogue] = wanted === undefined ? [] : await db.select().from(decisionCatalogues).where(eq(decisionCatalogues.year, wanted)).limit(1)
  if (!catalogue)
    return undefined
  const entries = await db.select().from(majorDecisions).where(eq(majorDecisions.year, catalogue.year)).orderBy(asc(majorDecisions.position))
  const changes = entries.length
    ? await db.select().from(majorDecisionChanges).where(inArray(majorDecisionChanges.decisionId, entries.map(e => e.id))).orderBy(asc(majorDecisionChanges.at), asc(majorDecisionChanges.id))
    : []
  return {
    year: catalogue.year,
    issuer: catalogue.issuer,
    publishedOn: catalogue.publishedOn,
    dueOn: `${catalogue.year}-03-31`,
    years,
    items: entries.map(e => ({
      id: e.id,
      title: e.title,
      department: e.department,
      summary: e.summary,
      stage: e.stage,
      status: e.status,
      consultationId: e.consultationId,
      changes: changes.filter(c => c.decisionId === e.id).map(c => ({ at: c.at.toISOString(), change: c.change, reason: c.reason })),
    })),
  }
}

export async function ensureCatalogue(db: Db, year: number, publishedOn: string, issuer: string) {
  await db.insert(decisionCatalogues).values({ year, publishedOn, issuer }).onConflictDoNothing()
}

/** Adds an entry; `reason` is recorded as its first change. Returns the id, or undefined when the year has no catalogue. */
export async function addCatalogueEntry(db: Db, body: CatalogueAddBody, staffId: number | null, at = new Date()): Promise<number | undefined> {
  const [catalogue] = await db.select().from(decisionCatalogues).where(eq(decisionCatalogues.year, body.year)).limit(1)
  if (!catalogue)
    return undefined
  const [last] = await db.select({ n: max(majorDecisions.position) }).from(majorDecisions).where(eq(majorDecisions.year, body.year))
  const [row] = await db.insert(majorDecisions).values({
    year: body.year,
    position: Number(last?.n ?? 0) + 1,
    title: body.title,
    department: body.department,
    summary: body.summary ?? '',
    stage: body.stage,
    consultationId: body.consultationId ?? null,
    updatedAt: at,
  }).returning({ id: majorDecisions.id })
  await db.insert(majorDecisionChanges).values({ decisionId: row!.id, at, change: 'added', reason: body.reason, staffId })
  return row!.id
}

/** Changes an entry's stage, title or status, recording the reason. False when there is no such entry. */
export async function changeCatalogueEntry(db: Db, id: number, body: CatalogueChangeBody, staffId: number | null, at = new Date()): Promise<boolean> {
  const { reason, ...fields } = body
  const rows = await db.update(majorDecisions).set({ ...fields, updatedAt: at }).where(eq(majorDecisions.id, id)).returning({ id: majorDecisions.id })
  if (!rows.length)
    return false
  await db.insert(majorDecisionChanges).values({ decisionId: id, at, change: fields.status === 'withdrawn' ? 'withdrawn' : 'modified', reason, staffId })
  return true
}
