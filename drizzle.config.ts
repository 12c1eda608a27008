import { defineConfig } from 'drizzle-kit'

// Used only by `npm run db:generate` to write SQL migrations from src/server/db/schema.ts.
// Migrations are applied from code at start (src/server/db/migrate.ts), on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/*.ts',
  out: './src/server/db/migrations',
})
