import type { TestProject } from 'vitest/node'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { migrationsFolder, openDatabase } from '../../src/server/db/client'

export type DbTemplate = { kind: 'pglite', dumpPath: string } | { kind: 'postgres', adminUrl: string, template: string }

declare module 'vitest' {
  export interface ProvidedContext { dbTemplate: DbTemplate }
}

const TEMPLATE_DB = 'gongkai_test_template'

/**
 * Migrates one database per test run and hands it to every test file to clone: a PGlite data-directory
 * dump, or a PostgreSQL template database when TEST_DATABASE_URL names a server.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`)
    await admin.end()
    const templateUrl = new URL(url)
    templateUrl.pathname = `/${TEMPLATE_DB}`
    const database = await openDatabase({ kind: 'postgres', location: templateUrl.toString(), poolSize: 1 })
    await database.close()
    project.provide('dbTemplate', { kind: 'postgres', adminUrl: url, template: TEMPLATE_DB })
    return
  }
  const client = await PGlite.create({ extensions: { pg_trgm } })
  await migrate(drizzle(client), { migrationsFolder })
  const dump = await client.dumpDataDir('none')
  const dumpPath = join(tmpdir(), `gongkai-template-${process.pid}.tar`)
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  await client.close()
  project.provide('dbTemplate', { kind: 'pglite', dumpPath })
}
