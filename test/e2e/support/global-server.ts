import type { ChildProcess } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error plain ESM script shared with `npm start`
import { snapshotDist } from '../../../scripts/build-if-stale.mjs'
import { CHROMIUM } from './browser'

/**
 * An open event for tests that sign up only to have a ticket (the keyboard and accessibility sweeps), so that
 * events.e2e.test.ts finds its own event's places untouched, whatever order the files run in.
 */
export const SPARE_EVENT = '区档案馆开放日：城市记忆里的嘉定'
/** The same for comments: consultations.e2e.test.ts approves and reports on the other open consultation, and reopens this one after closing it. */
export const SPARE_CONSULTATION = '既有多层住宅加装电梯补贴办法（征求意见稿）'

/** The ids of SPARE_CONSULTATION and SPARE_EVENT on the server at `baseURL`. */
export async function spareIds(baseURL: string): Promise<{ consultationId: number, eventId: number }> {
  const get = async <T>(path: string) => (await fetch(`${baseURL}${path}`)).json() as Promise<T>
  const consultations = await get<{ open: Array<{ id: number, title: string }> }>('/api/consultations')
  const events = await get<{ items: Array<{ id: number, title: string }> }>('/api/events')
  return { consultationId: consultations.open.find(c => c.title === SPARE_CONSULTATION)!.id, eventId: events.items.find(e => e.title === SPARE_EVENT)!.id }
}

// the TOTP secret is for tests only: signInAsAdmin (./staff.ts) computes codes from it
export const ADMIN = { email: 'admin@e2e.gongkai.test', password: 'e2e-admin-password-long', totpSecret: 'GZKE2ETESTSECRETFORTOTPONLY23456' }

declare module 'vitest' {
  export interface ProvidedContext { baseURL: string, admin: typeof ADMIN }
}

/** A TCP port nobody listens on now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    }).on('error', reject)
  })
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited early (${child.exitCode}):\n${log()}`)
    if (await fetch(`${url}/api/health`).then(r => r.ok, () => false))
      return
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`server did not answer /api/health in time:\n${log()}`)
}

export interface StaffAdmin { email: string, password: string, totpSecret: string }
export interface RunningServer { baseURL: string, clientDir: string, stop: () => Promise<void> }

/**
 * The real server (PGlite, demo content, limits off) on a fresh data directory and its own copy of dist/
 * (built first if stale): another build meanwhile changes nothing under it. The first admin is `admin`.
 */
export async function startServer(admin: StaffAdmin): Promise<RunningServer> {
  const clientDir = snapshotDist({ quiet: true }) as string
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-'))
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      GONGKAI_CLIENT_DIR: clientDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      GONGKAI_RATE_LIMIT: 'off',
      GONGKAI_ADMIN_EMAIL: admin.email,
      GONGKAI_ADMIN_PASSWORD: admin.password,
      GONGKAI_ADMIN_TOTP_SECRET: admin.totpSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (d: Buffer) => {
    output += d
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const baseURL = `http://localhost:${port}`
  await waitForHealth(baseURL, child, () => output)
  return {
    baseURL,
    clientDir,
    async stop() {
      child.kill('SIGTERM')
      await new Promise(r => child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(null))
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(clientDir, { recursive: true, force: true })
    },
  }
}

/** Checks for Chromium, then starts the server every e2e file shares. */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium was not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`)
  const server = await startServer(ADMIN)
  project.provide('baseURL', server.baseURL)
  project.provide('admin', ADMIN)
  return server.stop
}
