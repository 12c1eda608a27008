import type { StaffSession } from '../../../src/shared/schemas/auth'
import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import AdminRenewCodes from '../../../src/client/components/admin/AdminRenewCodes.vue'
import AdminSessions from '../../../src/client/components/admin/AdminSessions.vue'
import { createAppI18n } from '../../../src/client/i18n'
import { describedByText, expectProblemAt, staffFormSuite } from '../support/form-problem'

// components/admin/AdminSessions.vue and AdminRenewCodes.vue, on 账户安全: one's own sessions, and new recovery codes after the password
const i18n = staffFormSuite()
const english = createAppI18n('en')
beforeAll(() => english.load(['staff']))

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } })
const problem = (status: number, code: string, detail: string, field?: string) => json({ type: 'about:blank', title: code, status, code, detail, ...(field ? { field } : {}) }, status)
const posted = (fetch: ReturnType<typeof vi.fn>) => fetch.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST').map(([url, init]) => [url, JSON.parse((init as RequestInit).body as string)])

describe('AdminSessions', () => {
  const here: StaffSession = { id: 5, browser: 'chrome', system: 'linux', createdAt: '2026-11-24T01:00:00Z', lastSeenAt: '2026-11-24T06:02:00Z', current: true }
  const phone: StaffSession = { id: 7, browser: 'chrome', system: 'android', createdAt: '2026-11-23T23:30:00Z', lastSeenAt: '2026-11-24T02:15:00Z', current: false }
  const wechat: StaffSession = { id: 9, browser: 'wechat', system: 'ios', createdAt: '2026-11-22T00:00:00Z', lastSeenAt: '2026-11-22T01:00:00Z', current: false }
  const unknown: StaffSession = { id: 11, browser: 'other', system: 'other', createdAt: '2026-11-21T00:00:00Z', lastSeenAt: '2026-11-21T00:00:00Z', current: false }

  /** The API as the list sees it: an end removes the session from the next list; `refuse` answers the next end with a problem. */
  function sessionsApi(start: StaffSession[], refuse?: Response) {
    let live = [...start]
    let refusal = refuse
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        if (refusal) {
          const answer = refusal
          refusal = undefined
          live = live.filter(s => url !== `/api/auth/sessions/${s.id}/end`)
          return answer
        }
        if (url === '/api/auth/sessions/end-others') {
          const ended = live.filter(s => !s.current).length
          live = live.filter(s => s.current)
          return json({ ended })
        }
        live = live.filter(s => url !== `/api/auth/sessions/${s.id}/end`)
        return new Response(null, { status: 204 })
      }
      return json(live)
    })
    vi.stubGlobal('fetch', fetch)
    return fetch
  }
  async function mountSessions(plugin = i18n) {
    const wrapper = mount(AdminSessions, { attachTo: document.body, global: { plugins: [plugin] } })
    await flushPromises()
    return wrapper
  }
  const rows = (wrapper: Awaited<ReturnType<typeof mountSessions>>) => wrapper.findAll('li')
  const endButton = (wrapper: Awaited<ReturnType<typeof mountSessions>>, id: number) => wrapper.find(`#session-end-${id}`)

  it('lists each session as a device in a few words, when it signed in and was last active, and marks this device, which has no end button', async () => {
    sessionsApi([here, phone, unknown])
    const wrapper = await mountSessions()
    expect(rows(wrapper).map(r => r.get('.sessions__device').text().replace(/\s+/g, ' '))).toEqual(['Chrome · Linux 本设备', 'Chrome · Android', '未知设备'])
    expect(rows(wrapper)[0]!.text()).toContain('登录时间')
    expect(rows(wrapper)[0]!.text()).toContain('11月24日 09:00') // Shanghai time
    expect(rows(wrapper)[0]!.text()).toContain('最近活动')
    expect(rows(wrapper)[0]!.text()).toContain('11月24日 14:02')
    expect(rows(wrapper)[0]!.find('time').attributes('datetime')).toBe(here.createdAt)
    expect(rows(wrapper)[0]!.find('button').exists()).toBe(false)
    // a screen reader hears which device each 退出 ends
    const end = endButton(wrapper, phone.id)
    expect(end.text()).toBe('退出')
    expect(describedByText(end.element as HTMLElement)).toBe('Chrome · Android')
    expect(wrapper.findAll('button').map(b => b.text())).toEqual(['退出', '退出', '退出其他所有设备'])
    wrapper.unmount()
  })

  it('ends a session on another device: says so, lists the rest, and puts focus on the next session\'s button, then on the heading', async () => {
    const fetch = sessionsApi([here, phone, wechat])
    const wrapper = await mountSessions()
    await endButton(wrapper, phone.id).trigger('click')
    await flushPromises()
    expect(posted(fetch)).toEqual([['/api/auth/sessions/7/end', {}]])
    expect(wrapper.get('[role="status"]').text()).toBe('已退出“Chrome · Android”上的登录。')
    expect(rows(wrapper)).toHaveLength(2)
    expect(document.activeElement).toBe(endButton(wrapper, wechat.id).element)

    await endButton(wrapper, wechat.id).trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe('已退出“微信 · iPhone”上的登录。')
    expect(rows(wrapper)).toHaveLength(1)
    expect(wrapper.text()).toContain('只有本设备在登录。')
    expect(wrapper.text()).not.toContain('退出其他所有设备')
    expect(document.activeElement).toBe(wrapper.get('h2').element)
    wrapper.unmount()
  })

  it('ends every other session at once, saying how many, with focus on the heading', async () => {
    const fetch = sessionsApi([phone, here, wechat])
    const wrapper = await mountSessions()
    await wrapper.findAll('button').find(b => b.text() === '退出其他所有设备')!.trigger('click')
    await flushPromises()
    expect(posted(fetch)).toEqual([['/api/auth/sessions/end-others', {}]])
    expect(wrapper.get('[role="status"]').text()).toBe('已退出其他设备上的 2 个登录。')
    expect(rows(wrapper).map(r => r.get('strong').text())).toEqual(['Chrome · Linux'])
    expect(document.activeElement).toBe(wrapper.get('h2').element)
    wrapper.unmount()
  })

  it('says why an end failed (a session already ended elsewhere) and lists what is left', async () => {
    sessionsApi([here, phone], problem(404, 'not-found', '这个登录已经结束。'))
    const wrapper = await mountSessions()
    await endButton(wrapper, phone.id).trigger('click')
    await flushPromises()
    expect(wrapper.get('.sessions [role="alert"]').text()).toBe('这个登录已经结束。')
    expect(wrapper.get('[role="status"]').text()).toBe('')
    expect(rows(wrapper)).toHaveLength(1)
    wrapper.unmount()
  })

  it('says when the list cannot be loaded, with a retry, never an empty list', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = await mountSessions()
    expect(wrapper.find('ul').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('只有本设备在登录。')
    sessionsApi([here])
    await wrapper.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(rows(wrapper)).toHaveLength(1)
    wrapper.unmount()
  })

  it('reads in English', async () => {
    sessionsApi([here, wechat])
    const wrapper = await mountSessions(english)
    expect(wrapper.get('h2').text()).toBe('Signed-in devices')
    expect(rows(wrapper).map(r => r.get('.sessions__device').text().replace(/\s+/g, ' '))).toEqual(['Chrome · Linux This device', 'WeChat · iPhone'])
    expect(wrapper.findAll('button').map(b => b.text())).toEqual(['End session', 'End all other sessions'])
    wrapper.unmount()
  })
})

describe('AdminRenewCodes', () => {
  const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-jk${String(i).padStart(2, '0')}`)

  it('asks for the password first; a wrong one is shown at the field, what was typed stays, and the right one shows the new codes once', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => JSON.parse(init!.body as string).currentPassword === 'the right password'
      ? json({ recoveryCodes: CODES })
      : problem(401, 'invalid-credentials', '当前密码不正确。', 'currentPassword'))
    vi.stubGlobal('fetch', fetch)
    const wrapper = mount(AdminRenewCodes, { attachTo: document.body, global: { plugins: [i18n] } })
    expect(wrapper.find('input').exists()).toBe(false)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    const input = wrapper.get<HTMLInputElement>('#renew-password')
    expect(wrapper.get('label[for="renew-password"]').text()).toBe('登录密码')
    expect(input.attributes('type')).toBe('password')
    expect(input.attributes('autocomplete')).toBe('current-password')
    expect(document.activeElement).toBe(input.element)
    expect(describedByText(input.element)).toContain('输错会计入登录失败次数')

    // nothing typed: said at the field, nothing sent
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expectProblemAt(input, '请输入当前密码。')
    expect(fetch).not.toHaveBeenCalled()

    await input.setValue('not the password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(posted(fetch)).toEqual([['/api/auth/recovery-codes', { currentPassword: 'not the password' }]])
    expectProblemAt(input, '当前密码不正确。')
    expect(input.element.value).toBe('not the password')
    expect(wrapper.emitted('renewed')).toBeUndefined()
    expect(wrapper.find('.recovery__codes').exists()).toBe(false)

    await input.setValue('the right password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.findAll('.recovery__codes li').map(li => li.text())).toEqual(CODES)
    expect(wrapper.find('input').exists()).toBe(false)
    expect(wrapper.get('.renew [role="status"]').text()).toBe('已生成新的恢复码，旧的已失效。')
    expect(wrapper.emitted('renewed')).toHaveLength(1)
    expect(document.activeElement).toBe(wrapper.get('.renew__result').element)
    // the other sessions can be ended next (ASVS 7.4.3)
    expect(wrapper.text()).toContain('退出其他所有设备')
    expect(wrapper.findAll('button').some(b => b.text() === '查看登录设备')).toBe(true)
    wrapper.unmount()
  })

  it('steps back without sending, focus on the button again; in English the field and its errors read in English', async () => {
    const fetch = vi.fn(async () => problem(401, 'invalid-credentials', 'The current password is not correct.', 'currentPassword'))
    vi.stubGlobal('fetch', fetch)
    const wrapper = mount(AdminRenewCodes, { attachTo: document.body, global: { plugins: [english] } })
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('label[for="renew-password"]').text()).toBe('Your password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expectProblemAt(wrapper.get('#renew-password'), 'Please enter your current password.')
    await wrapper.get('#renew-password').setValue('typo')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expectProblemAt(wrapper.get('#renew-password'), 'The current password is not correct.')

    await wrapper.findAll('button').find(b => b.text() === 'Cancel')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('input').exists()).toBe(false)
    expect(document.activeElement?.textContent?.trim()).toBe('Make new recovery codes')
    expect(fetch).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })
})
