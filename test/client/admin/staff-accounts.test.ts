import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import type { StaffAccount } from '../../../src/shared/schemas/auth'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import AdminNewStaffForm from '../../../src/client/components/admin/AdminNewStaffForm.vue'
import AdminStaffAccounts from '../../../src/client/components/admin/AdminStaffAccounts.vue'
import { useStaffStore } from '../../../src/client/stores/staff'
import { expectProblemAt, refuseWith, staffFormSuite } from '../support/form-problem'

// components/admin/AdminNewStaffForm.vue and AdminStaffAccounts.vue: an admin adds, disables and enables colleagues
const i18n = staffFormSuite()

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('AdminNewStaffForm', () => {
  it('keeps what was typed and says why at the email when the server refuses it, then sends a corrected one', async () => {
    const fetch = refuseWith({ status: 409, code: 'conflict', field: 'email', detail: '这个邮箱已经有账户。' })
    const wrapper = mount(AdminNewStaffForm, { attachTo: document.body, global: { plugins: [i18n] } })
    await wrapper.get('#new-staff-name').setValue('王芳')
    const email = wrapper.get<HTMLInputElement>('#new-staff-email')
    await email.setValue(' wangfang@pudong.gov.cn ')
    await wrapper.get('#new-staff-role').setValue('moderator')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    const sent = (fetch.mock.calls[0] as unknown[])[1] as RequestInit
    expect(JSON.parse(sent.body as string)).toEqual({ email: 'wangfang@pudong.gov.cn', displayName: '王芳', role: 'moderator' })
    expectProblemAt(email, '这个邮箱已经有账户。')
    expect(wrapper.get<HTMLInputElement>('#new-staff-name').element.value).toBe('王芳')
    expect(wrapper.get<HTMLSelectElement>('#new-staff-role').element.value).toBe('moderator')
    expect(wrapper.emitted('created')).toBeUndefined()
    // the role's select says what each role may do
    expect(wrapper.get('#new-staff-role').attributes('aria-describedby')).toBe('new-staff-role-hint')

    vi.stubGlobal('fetch', vi.fn(async () => json({ id: 9, temporaryPassword: 'abcd-efgh-jkmn-pqrs' }, 201)))
    await email.setValue('wang.fang@pudong.gov.cn')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('created')).toEqual([[9, '王芳', 'abcd-efgh-jkmn-pqrs']])
    expect(email.element.value).toBe('')
    expect(email.attributes('aria-invalid')).toBe('false')
    wrapper.unmount()
  })
})

describe('AdminStaffAccounts', () => {
  const me: StaffAccount = { id: 1, email: 'admin@pudong.gov.cn', displayName: '管理员甲', role: 'admin', createdAt: '2026-11-01T00:00:00Z', disabled: false, totpEnrolled: true, mustChangePassword: false, temporaryPasswordExpired: false }
  const colleague: StaffAccount = { ...me, id: 2, email: 'li@pudong.gov.cn', displayName: '李明', role: 'editor' }

  /**
   * The API as the list sees it: disabling and enabling change what the next list answers, adding puts a new
   * account in it; `refuseDisable` answers the first disable with this problem.
   */
  function staffApi(refuseDisable?: object) {
    const accounts = [me, { ...colleague }]
    let refusal = refuseDisable
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      const action = /\/api\/admin\/staff\/(\d+)\/(disable|enable)$/.exec(url)
      if (action && init?.method === 'POST') {
        if (action[2] === 'disable' && refusal) {
          const problem = refusal
          refusal = undefined
          return new Response(JSON.stringify(problem), { status: 409, headers: { 'content-type': 'application/problem+json' } })
        }
        accounts.find(a => a.id === Number(action[1]))!.disabled = action[2] === 'disable'
        return new Response(null, { status: 204 })
      }
      if (url === '/api/admin/staff/sessions/end-all' && init?.method === 'POST')
        return json({ ended: 6 })
      if (url === '/api/admin/staff' && init?.method === 'POST') {
        const body = JSON.parse(init.body as string)
        accounts.push({ ...colleague, ...body, id: 3, totpEnrolled: false, mustChangePassword: true })
        return json({ id: 3, temporaryPassword: 'abcd-efgh-jkmn-pqrs' }, 201)
      }
      return json(accounts)
    })
    vi.stubGlobal('fetch', fetch)
    return fetch
  }

  async function mountAccounts() {
    const pinia = createPinia()
    setActivePinia(pinia)
    useStaffStore().me = { id: me.id, email: me.email, displayName: me.displayName, role: 'admin', mustChangePassword: false }
    const wrapper = mount(AdminStaffAccounts, { attachTo: document.body, global: { plugins: [i18n, pinia] } })
    await flushPromises()
    return wrapper
  }
  const row = (wrapper: VueWrapper, email: string) => wrapper.findAll('li').find(li => li.text().includes(email))!
  const button = (within: DOMWrapper<Element> | VueWrapper, text: string) => within.findAll('button').find(b => b.text() === text)
  const posted = (fetch: ReturnType<typeof staffApi>) => fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)

  it('asks before disabling a colleague, says it is done, and offers to enable the account again; never one\'s own', async () => {
    const fetch = staffApi()
    const wrapper = await mountAccounts()
    expect(row(wrapper, me.email).findAll('button')).toHaveLength(0)
    // each row's button says, to a screen reader, whose account it acts on
    expect(button(row(wrapper, colleague.email), '停用账户')!.attributes('aria-describedby')).toBe('staff-2')

    await button(row(wrapper, colleague.email), '停用账户')!.trigger('click')
    await flushPromises()
    expect(row(wrapper, colleague.email).text()).toContain('停用后，“李明”的登录立即结束')
    // the question takes focus on its safe answer, and nothing is sent yet
    expect(document.activeElement?.textContent?.trim()).toBe('取消')
    expect(posted(fetch)).toEqual([])

    await button(row(wrapper, colleague.email), '确认停用')!.trigger('click')
    await flushPromises()
    expect(posted(fetch)).toEqual(['/api/admin/staff/2/disable'])
    expect(wrapper.get('[role="status"]').text()).toBe('已停用“李明”的账户，其登录已全部退出。')
    expect(row(wrapper, colleague.email).text()).toContain('已停用')
    expect(button(row(wrapper, colleague.email), '重置密码')).toBeUndefined()
    // the button pressed is gone with the question: focus is on what the row offers now
    expect(document.activeElement).toBe(button(row(wrapper, colleague.email), '恢复账户')!.element)

    await button(row(wrapper, colleague.email), '恢复账户')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe('已恢复“李明”的账户，对方可以重新登录。')
    expect(row(wrapper, colleague.email).text()).not.toContain('已停用')
    expect(document.activeElement).toBe(button(row(wrapper, colleague.email), '停用账户')!.element)
    wrapper.unmount()
  })

  it('says which colleague must change a temporary password, and whose has expired unused and needs a new one', async () => {
    staffApi()
    const accounts = [me, { ...colleague }, { ...colleague, id: 3, email: 'zhao@pudong.gov.cn', displayName: '赵敏', mustChangePassword: true }, { ...colleague, id: 4, email: 'qian@pudong.gov.cn', displayName: '钱亮', mustChangePassword: true, temporaryPasswordExpired: true }]
    vi.stubGlobal('fetch', vi.fn(async () => json(accounts)))
    const wrapper = await mountAccounts()
    expect(row(wrapper, colleague.email).text()).not.toContain('须修改密码')
    expect(row(wrapper, colleague.email).text()).not.toContain('已过期')
    expect(row(wrapper, 'zhao@pudong.gov.cn').text()).toContain('须修改密码')
    expect(row(wrapper, 'zhao@pudong.gov.cn').text()).not.toContain('已过期')
    const expired = row(wrapper, 'qian@pudong.gov.cn')
    expect(expired.findAll('strong').map(s => s.text())).toContain('临时密码已过期：请重置密码，重新发放')
    expect(expired.text()).not.toContain('须修改密码')
    expect(button(expired, '重置密码')).toBeDefined()
    wrapper.unmount()
  })

  it('keeps the question open with the server\'s reason when disabling is refused, and lets it be sent again', async () => {
    const fetch = staffApi({ type: 'about:blank', title: 'Forbidden', status: 409, code: 'conflict', detail: '操作与当前状态冲突，请刷新后再试。' })
    const wrapper = await mountAccounts()
    await button(row(wrapper, colleague.email), '停用账户')!.trigger('click')
    await flushPromises()
    await button(row(wrapper, colleague.email), '确认停用')!.trigger('click')
    await flushPromises()
    const alert = row(wrapper, colleague.email).find('[role="alert"]')
    expect(alert.text()).toContain('操作与当前状态冲突')
    expect(button(row(wrapper, colleague.email), '确认停用')).toBeDefined()
    expect(wrapper.get('[role="status"]').text()).toBe('')

    await button(alert, '重试')!.trigger('click')
    await flushPromises()
    expect(posted(fetch)).toEqual(['/api/admin/staff/2/disable', '/api/admin/staff/2/disable'])
    expect(row(wrapper, colleague.email).text()).toContain('已停用')
    expect(row(wrapper, colleague.email).find('[role="alert"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('adds a colleague from the form and shows their temporary password once; put away, focus goes to their row', async () => {
    staffApi()
    const wrapper = await mountAccounts()
    const details = wrapper.get<HTMLDetailsElement>('details')
    details.element.open = true
    await details.trigger('toggle')
    await wrapper.get('#new-staff-name').setValue('王芳')
    await wrapper.get('#new-staff-email').setValue('wangfang@pudong.gov.cn')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(details.element.open).toBe(false)
    expect(wrapper.get('#temporary-password').text()).toBe('abcd-efgh-jkmn-pqrs')
    expect(wrapper.get('#temporary-hint').text()).toContain('首次登录时须设置两步验证')
    expect(document.activeElement).toBe(wrapper.get('.temporary').element)
    expect(wrapper.get('[role="status"]').text()).toBe('已添加“王芳”。')
    expect(row(wrapper, 'wangfang@pudong.gov.cn').text()).toContain('须修改密码')

    await button(wrapper, '我已告知对方，关闭')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('#temporary-password').exists()).toBe(false)
    expect(document.activeElement).toBe(button(row(wrapper, 'wangfang@pudong.gov.cn'), '重置密码')!.element)
    wrapper.unmount()
  })

  it('says when the list cannot be loaded, with a retry, and lists the accounts after it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = await mountAccounts()
    expect(wrapper.findAll('li')).toHaveLength(0)
    const retry = wrapper.get('[role="alert"] button')
    expect(retry.text()).toBe('重试')
    staffApi()
    await retry.trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(row(wrapper, colleague.email).text()).toContain('李明')
    wrapper.unmount()
  })

  it('ends everyone\'s sessions but this one only after a question, says how many, and puts focus back on its button', async () => {
    const fetch = staffApi()
    const wrapper = await mountAccounts()
    const section = wrapper.find('section.end-all')
    expect(section.get('h3').text()).toBe('结束所有人的登录')
    const trigger = button(section, '退出所有人的登录')!
    // the button says, to a screen reader, what it is for
    expect(trigger.attributes('aria-describedby')).toBe('end-all-note')
    await trigger.trigger('click')
    await flushPromises()
    expect(section.get('[role="group"]').text()).toContain('确定要结束所有工作人员的登录吗')
    expect(document.activeElement?.textContent?.trim()).toBe('取消')
    expect(posted(fetch)).toEqual([])

    await button(section, '确认全部退出')!.trigger('click')
    await flushPromises()
    expect(posted(fetch)).toEqual(['/api/admin/staff/sessions/end-all'])
    expect(wrapper.get('[role="status"]').text()).toBe('已结束 6 个登录，其他工作人员须重新登录。')
    expect(section.find('[role="group"]').exists()).toBe(false)
    expect(document.activeElement).toBe(button(wrapper.find('section.end-all'), '退出所有人的登录')!.element)

    // stepping back sends nothing
    await button(section, '退出所有人的登录')!.trigger('click')
    await flushPromises()
    await button(section, '取消')!.trigger('click')
    await flushPromises()
    expect(posted(fetch)).toHaveLength(1)
    wrapper.unmount()
  })
})
