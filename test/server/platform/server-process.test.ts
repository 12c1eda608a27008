import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshData, startServerProcess, stopServerProcess } from '../../support/server-process'

// server.ts as `npm start` runs it: on a fresh DATA_DIR (PGlite), or, in the PostgreSQL run, with
// DATABASE_URL naming a fresh database on that server, as a district deploys it.
const data = freshData('start')
beforeAll(() => data.create())
afterAll(() => data.drop())

const start = () => startServerProcess(data, { LOG_LEVEL: 'info' })
const stop = stopServerProcess

describe('npm start (server.ts)', () => {
  it('loads demo content and prints the staff sign-in on the first start only, and closes cleanly on SIGTERM', async () => {
    const first = start()
    const url = await first.url
    const health = await (await fetch(`${url}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', db: data.postgres ? 'postgres' : 'pglite' })
    const docs = await (await fetch(`${url}/api/documents?limit=50`)).json() as { total: number }
    expect(first.output()).toContain('Demo content loaded')
    expect(first.output()).toMatch(/Password \(shown once; it works for 72 hours and must be changed at the first sign-in, on 账户安全\): [a-z2-9]{4}(?:-[a-z2-9]{4}){3}\n/)
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], { env: { ...process.env, PORT: 'eighty', DATA_DIR: data.dataDir }, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr!.on('data', (d) => {
      err += d
    })
    const code = await new Promise(resolve => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(err).toContain('PORT')
  }, 60_000)
})
