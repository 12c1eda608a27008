import type { ChildProcess } from 'node:child_process'
import type { APIRequestContext } from 'playwright-core'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOTP } from 'otpauth'
import { request } from 'playwright-core'
// @ts-expect-error plain ESM script shared with `npm start`
import { snapshotDist } from '../../../scripts/build-if-stale.mjs'
import { freePort } from './global-server'

/**
 * A server of a test's own (PGlite, demo content) on its own copy of the built client, for tests that change
 * the files it serves (a new service worker) or need staff sign-in with a known second factor.
 */
export interface OwnServer { baseURL: string, clientDir: string, admin: { email: string, password: string, totpSecret: string }, stop: () => Promise<void> }

const ADMIN = { email: 'admin@own.gongkai.test', password: 'own-server-admin-password', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }

export async function startOwnServer(): Promise<OwnServer> {
  const clientDir = snapshotDist({ quiet: true }) as string
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-own-'))
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      GONGKAI_CLIENT_DIR: clientDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      GONGKAI_RATE_LIMIT: 'off',
      GONGKAI_ADMIN_EMAIL: ADMIN.email,
      GONGKAI_ADMIN_PASSWORD: ADMIN.password,
      GONGKAI_ADMIN_TOTP_SECRET: ADMIN.totpSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const baseURL = `http://localhost:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited early (${child.exitCode}):\n${output}`)
    if (await fetch(`${baseURL}/api/health`).then(r => r.ok, () => false))
      break
    if (Date.now() > deadline)
      throw new Error(`server did not answer /api/health in time:\n${output}`)
    await new Promise(r => setTimeout(r, 250))
  }
  return {
    baseURL,
    clientDir,
    admin: ADMIN,
    async stop() {
      child.kill('SIGTERM')
      await new Promise(r => child.exitCode === null ? child.once('exit', r) : r(null))
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(clientDir, { recursive: true, force: true })
    },
  }
}

/** The staff API, signed in as the server's admin: password, then the TOTP code (or enrolment) if asked. */
export async function staffApi(server: OwnServer): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { origin: server.baseURL } })
  const code = () => new TOTP({ secret: server.admin.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 }).generate()
  const login = await api.post('/api/auth/login', { data: { email: server.admin.email, password: server.admin.password } })
  if (!login.ok())
    throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`)
  const step = await login.json() as { next?: 'code' | 'enrol' }
  if (step.next === 'code') {
    const done = await api.post('/api/auth/second-factor', { data: { code: code() } })
    if (!done.ok())
      throw new Error(`second factor failed: ${done.status()} ${await done.text()}`)
  }
  else if (step.next === 'enrol') {
    const offer = await (await api.post('/api/auth/enrolment', { data: {} })).json() as { secret: string }
    server.admin.totpSecret = offer.secret
    const done = await api.post('/api/auth/enrolment/confirm', { data: { code: code() } })
    if (!done.ok())
      throw new Error(`enrolment failed: ${done.status()} ${await done.text()}`)
  }
  return api
}
