import type { ChildProcess } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import type { StaffAdmin } from './staff-api'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error plain ESM script shared with `npm start`
import { snapshotDist } from '../../../scripts/build-if-stale.mjs'
import { CHROMIUM } from './browser'
import { staffApi } from './staff-api'

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

// the TOTP secret is for tests only: the setup below signs in with a code computed from it
export const ADMIN = { email: 'admin@e2e.gongkai.test', password: 'e2e-admin-password-long', totpSecret: 'GZKE2ETESTSECRETFORTOTPONLY23456' }

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    admin: typeof ADMIN
    /** a Playwright storage state file holding the admin's session on the shared server (./staff.ts `staffContext`) */
    staffState: string
  }
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
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited early (${child.exitCode ?? child.signalCode}):\n${log()}`)
    if (await fetch(`${url}/api/health`).then(r => r.ok, () => false))
      return
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`server did not answer /api/health in time:\n${log()}`)
}

export type { StaffAdmin }
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
      // a child that has already exited (exitCode set) or been killed by a signal (signalCode set) fires no more 'exit'
      const gone = child.exitCode !== null || child.signalCode !== null
      child.kill('SIGTERM')
      await new Promise(r => gone ? r(null) : child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(clientDir, { recursive: true, force: true })
    },
  }
}

/**
 * Checks for Chromium, starts the server every e2e file shares, and signs the admin in once through the API
 * (each TOTP step is accepted once, so sign-ins per test would wait for the clock): staff contexts start
 * from that session (./staff.ts). Sessions end after 30 idle minutes; a whole run takes far less.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium was not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`)
  const server = await startServer(ADMIN)
  const stateDir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-staff-'))
  const staffState = join(stateDir, 'admin.json')
  try {
    const api = await staffApi(server.baseURL, { ...ADMIN })
    await api.storageState({ path: staffState })
    await api.dispose()
  }
  catch (error) {
    rmSync(stateDir, { recursive: true, force: true })
    await server.stop()
    throw error
  }
  project.provide('baseURL', server.baseURL)
  project.provide('admin', ADMIN)
  project.provide('staffState', staffState)
  return async () => {
    rmSync(stateDir, { recursive: true, force: true })
    await server.stop()
  }
}
