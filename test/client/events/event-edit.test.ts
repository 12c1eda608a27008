import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import AdminEventEditPage from '../../../src/client/pages/admin/events/AdminEventEditPage.vue'
import { expectProblemAt, refuseWith, staffFormSuite, staffRouter } from '../support/form-problem'

const i18n = staffFormSuite(['events'])

function mountPage() {
  const router = staffRouter()
  return mount(AdminEventEditPage, { attachTo: document.body, global: { plugins: [i18n, router] }, props: {} })
}

describe('AdminEventEditPage after the server refuses it', () => {
  it('shows the server\'s text at the places it names, marked, described and focused, never the property name', async () => {
    const fetch = refuseWith({ detail: '名额至少为 1。', field: 'capacity' })
    const wrapper = mountPage()
    await wrapper.get('#ee-title').setValue('区政府开放日')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fetch).toHaveBeenCalledWith('/api/admin/events', expect.objectContaining({ method: 'POST' }))
    const capacity = wrapper.get<HTMLInputElement>('#ee-capacity')
    expectProblemAt(capacity, '名额至少为 1。')
    expect(wrapper.get<HTMLInputElement>('#ee-title').element.value).toBe('区政府开放日')
    expect(wrapper.get('#ee-title').attributes('aria-invalid')).toBe('false')
    expect(wrapper.find('.notice--bad').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('capacity')
    wrapper.unmount()
  })

  it('shows a programme line\'s problem at the programme, and one naming no field at the top', async () => {
    refuseWith({ detail: '请填写时间。', field: 'programme.0.time' })
    const wrapper = mountPage()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const programme = wrapper.get<HTMLTextAreaElement>('#ee-programme')
    expectProblemAt(programme, '请填写时间。')
    expect(wrapper.text()).not.toContain('programme')

    refuseWith({ detail: '结束时间应晚于开始时间。' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('结束时间应晚于开始时间。')
    expect(programme.attributes('aria-invalid')).toBe('false')
    expect(wrapper.findAll('.field__error')).toHaveLength(0)
    wrapper.unmount()
  })
})

describe('AdminEventEditPage opening an event', () => {
  it('says a failed load with a retry, with no blank form to save over the event, and shows the event once the retry brings it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = mount(AdminEventEditPage, { attachTo: document.body, global: { plugins: [i18n, staffRouter()] }, props: { id: 5 } })
    await flushPromises()
    expect(wrapper.find('form').exists()).toBe(false)
    const retry = wrapper.get('[role="alert"] button')

    const event = { id: 5, title: '区政府开放日', description: '参观', organiser: '浦东新区政府办公室', district: 'pudong', topic: 'government', venue: '区政府', address: '世纪大道 2001 号', transitHint: '', lat: null, lng: null, accessibility: '', programme: [], livestreamUrl: null, startsAt: '2027-08-10T01:00:00Z', endsAt: '2027-08-10T03:00:00Z', capacity: 30, maxParty: 2, signupOpensAt: '2027-07-20T02:00:00Z', signupClosesAt: '2027-08-08T09:00:00Z', seriesId: null }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(event), { status: 200, headers: { 'content-type': 'application/json' } })))
    await retry.trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.get<HTMLInputElement>('#ee-title').element.value).toBe('区政府开放日')
    expect(wrapper.get<HTMLInputElement>('#ee-capacity').element.value).toBe('30')
    wrapper.unmount()
  })
})
