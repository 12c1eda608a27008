// The database schema, one file per feature; drizzle-kit reads them all (drizzle.config.ts).
export * from './consultations'
export * from './documents'
export * from './events'
export * from './platform'
