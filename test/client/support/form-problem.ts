// What the staff forms' tests share: the API's answer refusing a form, and the text an input is described by.
import type { Problem } from '../../../src/shared/schemas/problem'
import { afterEach, beforeAll, expect, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAppI18n } from '../../../src/client/i18n'

/** A 400 problem as the API sends it (`plugins/problems.ts`). */
function problemResponse(problem: Partial<Problem>): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'validation', ...problem }), { status: 400, headers: { 'content-type': 'application/problem+json' } })
}

/** The API refuses every request with this problem, but what `otherwise` answers (a preview, say). */
export function refuseWith(problem: Partial<Problem>, otherwise: (url: string) => Response | undefined = () => undefined) {
  const fetch = vi.fn(async (url: string) => otherwise(url) ?? problemResponse(problem))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

/** A router that shows nothing: a staff page under test may push or replace a route. */
export const staffRouter = () => createRouter({ history: createMemoryHistory(), routes: [{ path: '/:path(.*)*', component: { render: () => null } }] })

/** The text of the elements an input's aria-describedby names. */
export function describedByText(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map(id => document.getElementById(id)?.textContent ?? '').join(' ')
}

/**
 * The problem is shown at this input as a staff member meets it: the input is marked invalid, is described by
 * the problem's text (with its hint, if it has one) and has the focus.
 */
export function expectProblemAt(input: { element: HTMLElement, attributes: (name: string) => string | undefined }, detail: string) {
  expect(input.attributes('aria-invalid')).toBe('true')
  expect(describedByText(input.element)).toContain(detail)
  expect(document.activeElement).toBe(input.element)
}

/** The staff messages (and `more` namespaces) in Chinese, loaded before the file's tests; the page and the stubbed fetch undone after each. */
export function staffFormSuite(more: Parameters<ReturnType<typeof createAppI18n>['load']>[0] = []) {
  const i18n = createAppI18n('zh-CN')
  beforeAll(() => i18n.load(['staff', ...more]))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })
  return i18n
}
