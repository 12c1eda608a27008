import type { FastifyInstance } from 'fastify'
import type { AppConfig, DatabaseConfig } from '../../src/server/config'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import pg from 'pg'
import { inject } from 'vitest'
import app, { fastifyOptions } from '../../src/server/app'

export const TEST_ORIGIN = 'http://localhost:80'

/** A fresh database cloned from the run's migrated template: PGlite in memory, or a new PostgreSQL database. */
async function cloneDatabase(): Promise<{ database: DatabaseConfig, drop: () => Promise<void> }> {
  const template = inject('dbTemplate')
  if (template.kind === 'pglite') {
    const loadDataDir = new Blob([readFileSync(template.dumpPath)])
    return { database: { kind: 'pglite', loadDataDir }, drop: async () => {} }
  }
  const name = `gongkai_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: template.adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.template}`)
  await admin.end()
  const url = new URL(template.adminUrl)
  url.pathname = `/${name}`
  return {
    database: { kind: 'postgres', location: url.toString(), poolSize: 4 },
    drop: async () => {
      const client = new pg.Client({ connectionString: template.adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

export function testConfig(database: DatabaseConfig, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    production: false,
    database,
    trustProxy: false,
    bodyLimit: 262_144,
    rateLimit: { enabled: false, max: 600, loginMax: 10 },
    session: { idleMinutes: 30, maxHours: 12 },
    ...overrides,
  }
}

/** Builds the real app on a cloned database, exactly as server.ts does, without listening. */
export async function buildTestApp(overrides: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const { database, drop } = await cloneDatabase()
  const config = testConfig(database, overrides)
  const server = Fastify(fastifyOptions(config, process.env.TEST_LOG_LEVEL ?? 'silent'))
  // onClose hooks run last-added first: added before the app, the drop runs after the pool has closed
  server.addHook('onClose', drop)
  await server.register(app, { config })
  await server.ready()
  return server
}

/** Headers a same-origin browser would send with a JSON write. */
export const jsonWrite = { 'content-type': 'application/json', 'origin': TEST_ORIGIN } as const
