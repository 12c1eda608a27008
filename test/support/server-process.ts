import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/**
 * Where a spawned server keeps its data: a fresh PGlite DATA_DIR, or, in the PostgreSQL run
 * (TEST_DATABASE_URL), a fresh database on that server, as a district deploys it. `create()` before use,
 * `drop()` after.
 */
export function freshData(name: string) {
  const adminUrl = process.env.TEST_DATABASE_URL
  const dbName = `gongkai_${name}_${process.pid}`
  const dataDir = mkdtempSync(join(tmpdir(), `gongkai-${name}-`))
  async function admin(statement: string) {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  const data = {
    dataDir,
    /** '' on PGlite */
    databaseUrl: '',
    postgres: Boolean(adminUrl),
    async create() {
      if (!adminUrl)
        return
      await admin(`CREATE DATABASE ${dbName}`)
      const url = new URL(adminUrl)
      url.pathname = `/${dbName}`
      data.databaseUrl = url.toString()
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true })
      if (adminUrl)
        await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    },
  }
  return data
}

export interface ServerProcess { child: ChildProcess, url: Promise<string>, output: () => string }

/** server.ts as `npm start` runs it, on that data, with `env` on top; `url` resolves once it says it is running. */
export function startServerProcess(data: { dataDir: string, databaseUrl: string }, env: Record<string, string> = {}): ServerProcess {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, NODE_ENV: 'test', GONGKAI_ADMIN_EMAIL: '', GONGKAI_ADMIN_PASSWORD: '', ...env },
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
  return { child, url, output: () => output }
}

/** SIGTERM, and the exit code once it has exited. */
export function stopServerProcess(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM')
  // a child already gone (by an exit or a signal) fires no more 'exit'
  const gone = child.exitCode !== null || child.signalCode !== null
  return new Promise(resolve => gone ? resolve(child.exitCode) : child.once('exit', code => resolve(code)))
}
