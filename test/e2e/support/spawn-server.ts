import type { APIRequestContext } from 'playwright-core'
import type { RunningServer, StaffAdmin } from './global-server'
import { TOTP } from 'otpauth'
import { request } from 'playwright-core'
import { startServer } from './global-server'

/**
 * A server of a test's own (PGlite, demo content) on its own copy of the built client, for tests that change
 * the files it serves (a new service worker) or need staff sign-in with a known second factor.
 */
export interface OwnServer extends RunningServer { admin: StaffAdmin }

const ADMIN = { email: 'admin@own.gongkai.test', password: 'own-server-admin-password', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }

export async function startOwnServer(): Promise<OwnServer> {
  const admin = { ...ADMIN }
  return { ...await startServer(admin), admin }
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
