import type { Static } from 'typebox'
import { Type } from 'typebox'

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migrations: Type.Integer({ description: 'How many migrations the database has applied' }),
  version: Type.String(),
})
export type Health = Static<typeof HealthSchema>
