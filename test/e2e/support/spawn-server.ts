import type { APIRequestContext } from 'playwright-core'
import type { RunningServer, StaffAdmin } from './global-server'
import { startServer } from './global-server'
import { staffApi as signedInApi } from './staff-api'

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
export function staffApi(server: OwnServer): Promise<APIRequestContext> {
  return signedInApi(server.baseURL, server.admin)
}
