import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import AdminDashboardPage from '../../../src/client/pages/admin/AdminDashboardPage.vue'
import AdminSecurityPage from '../../../src/client/pages/admin/AdminSecurityPage.vue'
import AdminDocumentsPage from '../../../src/client/pages/admin/library/AdminDocumentsPage.vue'
import { useStaffStore } from '../../../src/client/stores/staff'
import { staffFormSuite, staffRouter } from '../support/form-problem'

// staff pages that load a list or figures: a failed load is said, with a retry, never an empty page
const i18n = staffFormSuite()
function offline() {
  return vi.stubGlobal('fetch', vi.fn(async () => {
    throw new TypeError('Failed to fetch')
  }))
}
const answer = (body: unknown) => vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })))

describe('staff pages that fail to load', () => {
  it('the documents list says so instead of an empty table, and lists them after a retry', async () => {
    offline()
    const wrapper = mount(AdminDocumentsPage, { attachTo: document.body, global: { plugins: [i18n, staffRouter()] } })
    await flushPromises()
    expect(wrapper.find('table').exists()).toBe(false)
    const retry = wrapper.get('[role="alert"] button')
    answer([{ id: 1, title: '关于加装电梯的实施办法', docNumber: null, type: 'normative', publishedAt: null, interpretations: 1, interpretationWaiver: null }])
    await retry.trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.get('tbody').text()).toContain('关于加装电梯的实施办法')
    wrapper.unmount()
  })

  it('the dashboard says so instead of leaving its figures out', async () => {
    offline()
    const pinia = createPinia()
    setActivePinia(pinia)
    useStaffStore().me = { id: 1, email: 'a@pudong.gov.cn', displayName: '管理员甲', role: 'admin', mustChangePassword: false }
    const wrapper = mount(AdminDashboardPage, { attachTo: document.body, global: { plugins: [i18n, pinia, staffRouter()] } })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).not.toBe('')
    expect(wrapper.find('dl').exists()).toBe(false)
    wrapper.unmount()
  })

  it('账户安全 says so instead of leaving out the recovery codes, and shows them after a retry', async () => {
    offline()
    const pinia = createPinia()
    setActivePinia(pinia)
    useStaffStore().me = { id: 1, email: 'e@pudong.gov.cn', displayName: '编辑乙', role: 'editor', mustChangePassword: false }
    const wrapper = mount(AdminSecurityPage, { attachTo: document.body, global: { plugins: [i18n, pinia, staffRouter()] } })
    await flushPromises()
    expect(wrapper.find('#security-mine').exists()).toBe(false)
    // the page's own alert (the sessions' list says its own, inside its section)
    const retry = wrapper.get('.security > [role="alert"] button')
    vi.stubGlobal('fetch', vi.fn(async (url: string) => new Response(JSON.stringify(url === '/api/auth/security' ? { totpEnrolledAt: '2026-11-01T00:00:00Z', recoveryCodesLeft: 7 } : []), { status: 200, headers: { 'content-type': 'application/json' } })))
    await retry.trigger('click')
    await flushPromises()
    expect(wrapper.find('.security > [role="alert"]').exists()).toBe(false)
    expect(wrapper.get('section[aria-labelledby="security-mine"]').text()).toContain('未使用的恢复码：7 个')
    wrapper.unmount()
  })
})
