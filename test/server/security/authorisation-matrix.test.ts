import type { FastifyInstance } from 'fastify'
import type { StaffRole } from '../../../src/shared/constants'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_ROLES } from '../../../src/shared/constants'
import { buildTestApp, cookieOf, jsonWrite, newStaffMember, newStaffSession, signInStaff } from '../../support/app'

/**
 * Who may call which staff route: the one table this test checks every route against. An entry is a path
 * prefix (a whole subtree) or `METHOD /path` (one route); the longest match wins. Admins pass every role
 * check. `any` is any signed-in staff member; `second-step` is a session that has passed the password and
 * not yet the second factor (and only that). A route that matches nothing is public: it must answer
 * without a session, and a route under /api/admin that matches nothing fails the test.
 */
const ACCESS: Record<string, readonly StaffRole[] | 'any' | 'second-step'> = {
  '/api/admin/dashboard': 'any',
  '/api/admin/questions': ['moderator', 'editor'],
  '/api/admin/documents': ['editor'],
  '/api/admin/interpretations': ['editor'],
  '/api/admin/bundles': ['editor'],
  '/api/admin/consultations': ['moderator', 'editor'],
  '/api/admin/decisions': ['editor'],
  '/api/admin/events': ['organizer'],
  '/api/admin/staff': ['admin'],
  'GET /api/auth/me': 'any',
  'GET /api/auth/security': 'any',
  'POST /api/auth/recovery-codes': 'any',
  'POST /api/auth/password': 'any',
  '/api/auth/sessions': 'any',
  'POST /api/auth/second-factor': 'second-step',
  'POST /api/auth/enrolment': 'second-step',
  'POST /api/auth/enrolment/confirm': 'second-step',
}

interface Route { method: string, url: string }

/** An admin's breach response: every other session ends, so the test signs everyone in again after it. */
const ENDS_EVERY_OTHER_SESSION = 'POST /api/admin/staff/sessions/end-all'

function accessOf(route: Route) {
  const exact = ACCESS[`${route.method} ${route.url}`]
  if (exact)
    return { key: `${route.method} ${route.url}`, access: exact }
  const prefix = Object.keys(ACCESS)
    .filter(k => !k.includes(' ') && (route.url === k || route.url.startsWith(`${k}/`)))
    .sort((a, b) => b.length - a.length)[0]
  return prefix ? { key: prefix, access: ACCESS[prefix]! } : undefined
}

const routes: Route[] = []
let app: FastifyInstance
const sessions = {} as Record<StaffRole | 'second-step', string>

const PASSWORD = 'a long enough password'
async function halfSignIn() {
  sessions['second-step'] = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'half@matrix.gov.cn', password: PASSWORD } }))
}
/** After an admin has ended every other session: each role but the admin, and the half sign-in, start again. */
async function signInAgain() {
  for (const role of STAFF_ROLES.filter(r => r !== 'admin'))
    sessions[role] = await signInStaff(app, `${role}@matrix.gov.cn`, PASSWORD)
  await halfSignIn()
}

beforeAll(async () => {
  app = await buildTestApp({}, {
    onRoute: (r) => {
      for (const method of [r.method].flat()) {
        // HEAD routes are Fastify's automatic twins of GET ones
        if (r.url.startsWith('/api/') && method !== 'HEAD')
          routes.push({ method, url: r.url })
      }
    },
  })
  for (const role of STAFF_ROLES) {
    sessions[role] = (await newStaffSession(app, role, { email: `${role}@matrix.gov.cn`, password: PASSWORD })).cookie
  }
  await newStaffMember(app, 'admin', { email: 'half@matrix.gov.cn', displayName: 'half', password: PASSWORD })
  await halfSignIn()
})

afterAll(() => app.close())

/** Calls a route with made-up parameters (an id that does not exist) and an empty JSON body for writes. */
function call(route: Route, cookie?: string, id = '999999') {
  const url = route.url.replace(/:\w+(\([^)]*\))?/g, id)
  const write = route.method !== 'GET'
  return app.inject({
    method: route.method as 'GET',
    url,
    headers: { ...(write ? jsonWrite : {}), ...(cookie ? { cookie } : {}) },
    ...(write ? { payload: {} } : {}),
  })
}

describe('authorisation matrix', () => {
  it('finds the whole route table, and every table entry matches a route', () => {
    expect(routes.length).toBeGreaterThan(60)
    expect(routes.filter(r => r.url.startsWith('/api/admin/')).length).toBeGreaterThan(40)
    for (const key of Object.keys(ACCESS)) {
      const [method, path] = key.includes(' ') ? key.split(' ') : [undefined, key]
      expect(routes.some(r => (!method || r.method === method) && (r.url === path || (!method && r.url.startsWith(`${path}/`)))), key).toBe(true)
    }
  })

  it('states the access of every route under /api/admin', () => {
    const unstated = routes.filter(r => r.url.startsWith('/api/admin') && !accessOf(r)).map(r => `${r.method} ${r.url}`)
    expect(unstated).toEqual([])
  })

  it('answers 401 to every staff route without a session, and no public route asks for one', async () => {
    const wrong: string[] = []
    for (const route of routes) {
      const { statusCode } = await call(route)
      const staffOnly = accessOf(route) !== undefined
      if (staffOnly ? statusCode !== 401 : statusCode === 401 || statusCode === 403)
        wrong.push(`${route.method} ${route.url}: ${statusCode}`)
    }
    expect(wrong).toEqual([])
  })

  it('lets each role through exactly where the table says, and answers 403 elsewhere', async () => {
    const wrong: string[] = []
    let checked = 0
    for (const route of routes) {
      const found = accessOf(route)
      if (!found)
        continue
      for (const role of STAFF_ROLES) {
        const { statusCode } = await call(route, sessions[role])
        const { access } = found
        const expected = access === 'second-step'
          ? 401 // a signed-in session has passed the second step already
          : access === 'any' || role === 'admin' || access.includes(role) ? 'through' : 403
        const ok = expected === 'through' ? statusCode !== 401 && statusCode !== 403 : statusCode === expected
        if (!ok)
          wrong.push(`${role} ${route.method} ${route.url}: ${statusCode}, expected ${expected}`)
        checked++
        if (ok && statusCode < 300 && `${route.method} ${route.url}` === ENDS_EVERY_OTHER_SESSION)
          await signInAgain()
      }
    }
    expect(wrong).toEqual([])
    expect(checked).toBeGreaterThan(200)
  })

  it('answers an admin 4xx, never 5xx, on every staff route for an id beyond what a row id can be', async () => {
    const failed: string[] = []
    for (const route of routes.filter(r => accessOf(r) && r.url.includes(':'))) {
      const { statusCode, body } = await call(route, sessions.admin, '99999999999')
      if (statusCode >= 500)
        failed.push(`${route.method} ${route.url}: ${statusCode} ${body.slice(0, 120)}`)
    }
    expect(failed).toEqual([])
  })

  it('opens nothing but the second step to a session that has passed only the password', async () => {
    const wrong: string[] = []
    for (const route of routes) {
      const found = accessOf(route)
      if (!found)
        continue
      const { statusCode } = await call(route, sessions['second-step'])
      const ok = found.access === 'second-step' ? statusCode !== 401 && statusCode !== 403 : statusCode === 401
      if (!ok)
        wrong.push(`${route.method} ${route.url}: ${statusCode}`)
    }
    expect(wrong).toEqual([])
  })
})
