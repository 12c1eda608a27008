import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// server.ts as `npm start` runs it: on a fresh DATA_DIR (PGlite), or, in the PostgreSQL run, with
// DATABASE_URL naming a fresh database on that server, as a district deploys it.
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-start-'))
const adminUrl = process.env.TEST_DATABASE_URL
const dbName = `gongkai_start_${process.pid}`
let databaseUrl = ''

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(sql)
  await client.end()
}

beforeAll(async () => {
  if (!adminUrl)
    return
  await admin(`CREATE DATABASE ${dbName}`)
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  databaseUrl = url.toString()
})
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true })
  if (adminUrl)
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
})

function start(): { child: ChildProcess, output: () => string, url: Promise<string> } {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', NODE_ENV: 'test', GONGKAI_ADMIN_EMAIL: '', GONGKAI_ADMIN_PASSWORD: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d
      const m = /running on (http:\/\/localhost:\d+)/.exec(output)
      if (m)
        resolve(m[1]!)
    })
    child.stderr!.on('data', (d) => {
      output += d
    })
    child.on('exit', code => reject(new Error(`exited ${code}:\n${output}`)))
  })
  return { child, output: () => output, url }
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM')
  return new Promise(resolve => child.once('exit', code => resolve(code)))
}

describe('npm start (server.ts)', () => {
  it('loads demo content and prints the staff sign-in on the first start only, and closes cleanly on SIGTERM', async () => {
    const first = start()
    const url = await first.url
    const health = await (await fetch(`${url}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', db: adminUrl ? 'postgres' : 'pglite' })
    const docs = await (await fetch(`${url}/api/documents?limit=50`)).json() as { total: number }
    expect(first.output()).toContain('Demo content loaded')
    expect(first.output()).toMatch(/Password \(shown once; it must be changed at the first sign-in, on 账户安全\): \S{16}/)
    expect(await stop(first.child)).toBe(0)
    expect(first.output()).toContain('closing: finishing requests in flight')

    const second = start()
    const again = await second.url
    expect(second.output()).not.toContain('Demo content loaded')
    expect(second.output()).not.toContain('Password')
    const docsAgain = await (await fetch(`${again}/api/documents?limit=50`)).json() as { total: number }
    expect(docsAgain.total).toBe(docs.total)
    expect(await stop(second.child)).toBe(0)
  }, 120_000)

  it('refuses to start with a bad setting and names it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], { env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr!.on('data', (d) => {
      err += d
    })
    const code = await new Promise(resolve => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(err).toContain('PORT')
  }, 60_000)
})
