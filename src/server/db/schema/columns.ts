import { customType, timestamp } from 'drizzle-orm/pg-core'

// One schema for PGlite and PostgreSQL 15: nothing newer than 15, generated columns STORED.

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
