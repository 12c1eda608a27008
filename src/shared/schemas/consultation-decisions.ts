import type { Static } from 'typebox'
import { Type } from 'typebox'
import { CATALOGUE_CHANGES, CATALOGUE_ENTRY_STATUSES, DECISION_STAGES } from '../constants'
import { IsoDate, IsoDateTime, RowId } from './common'

export const CatalogueChangeEntrySchema = Type.Object({
  at: IsoDateTime,
  change: Type.Enum(CATALOGUE_CHANGES),
  reason: Type.String(),
})

/** One major administrative decision in a year's catalogue, with its current stage and every change. */
export const CatalogueEntrySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  department: Type.String(),
  summary: Type.String(),
  stage: Type.Enum(DECISION_STAGES),
  status: Type.Enum(CATALOGUE_ENTRY_STATUSES),
  consultationId: Type.Union([Type.Integer(), Type.Null()]),
  changes: Type.Array(CatalogueChangeEntrySchema),
})
export type CatalogueEntry = Static<typeof CatalogueEntrySchema>

/** 重大行政决策事项目录 of one year. */
export const DecisionCatalogueSchema = Type.Object({
  year: Type.Integer(),
  issuer: Type.String(),
  publishedOn: IsoDate,
  /** published by 31 March of its year */
  dueOn: IsoDate,
  years: Type.Array(Type.Integer()),
  items: Type.Array(CatalogueEntrySchema),
})
export type DecisionCatalogue = Static<typeof DecisionCatalogueSchema>

export const DecisionCatalogueQuerySchema = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
}, { additionalProperties: false })

/** A change to the catalogue: a new entry, or a new stage, title or withdrawal of one; the reason is required. */
export const CatalogueAddBodySchema = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  department: Type.String({ minLength: 1, maxLength: 100 }),
  summary: Type.Optional(Type.String({ maxLength: 2000 })),
  stage: Type.Enum(DECISION_STAGES),
  consultationId: Type.Optional(Type.Union([RowId(), Type.Null()])),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
}, { additionalProperties: false })
export type CatalogueAddBody = Static<typeof CatalogueAddBodySchema>

export const CatalogueChangeBodySchema = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  stage: Type.Optional(Type.Enum(DECISION_STAGES)),
  status: Type.Optional(Type.Enum(CATALOGUE_ENTRY_STATUSES)),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
}, { additionalProperties: false })
export type CatalogueChangeBody = Static<typeof CatalogueChangeBodySchema>

/** A year's catalogue (重大行政决策事项目录), created empty; entries are added one by one with their reasons. */
export const CatalogueCreateBodySchema = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  publishedOn: IsoDate,
  issuer: Type.String({ minLength: 1, maxLength: 100 }),
}, { additionalProperties: false })
export type CatalogueCreateBody = Static<typeof CatalogueCreateBodySchema>
