// The database schema, one file per feature; drizzle-kit reads them all (drizzle.config.ts).
export * from './documents'
export * from './platform'
