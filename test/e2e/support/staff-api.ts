import type { APIRequestContext } from 'playwright-core'
import { TOTP } from 'otpauth'
import { request } from 'playwright-core'

// No vitest here: global setup signs in with these before any test file runs.

export interface StaffAdmin { email: string, password: string, totpSecret: string }

const STEP_MS = 30_000

/** The 30-second TOTP step a moment falls in. */
export const totpStep = (at = Date.now()) => Math.floor(at / STEP_MS)

/** The code an authenticator app shows for a secret in a given 30-second step (now by default). */
export function totpCode(secret: string, step = totpStep()): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * STEP_MS })
}

/**
 * The staff API at `baseURL`, signed in as `admin` as the console does it: the password, then a TOTP code
 * (or, for an account without one, enrolment, after which `admin.totpSecret` is the enrolled secret).
 * The session cookie is in the context: `storageState()` hands it to browser contexts.
 */
export async function staffApi(baseURL: string, admin: StaffAdmin): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } })
  const login = await api.post('/api/auth/login', { data: { email: admin.email, password: admin.password } })
  if (!login.ok())
    throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`)
  const step = await login.json() as { next?: 'code' | 'enrol' }
  if (step.next === 'code') {
    const done = await api.post('/api/auth/second-factor', { data: { code: totpCode(admin.totpSecret) } })
    if (!done.ok())
      throw new Error(`second factor failed: ${done.status()} ${await done.text()}`)
  }
  else if (step.next === 'enrol') {
    const offer = await (await api.post('/api/auth/enrolment', { data: {} })).json() as { secret: string }
    admin.totpSecret = offer.secret
    const done = await api.post('/api/auth/enrolment/confirm', { data: { code: totpCode(admin.totpSecret) } })
    if (!done.ok())
      throw new Error(`enrolment failed: ${done.status()} ${await done.text()}`)
  }
  const me = await api.get('/api/auth/me')
  if (!me.ok())
    throw new Error(`signed in, but /api/auth/me answers ${me.status()}`)
  return api
}
