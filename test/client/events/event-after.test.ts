import type { AdminEvent } from '../../../src/shared/schemas/events'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import EventAdminAfter from '../../../src/client/components/event/EventAdminAfter.vue'
import { staffFormSuite } from '../support/form-problem'

// components/event/EventAdminAfter.vue: an event's feedback, for the organiser writing its report
const i18n = staffFormSuite(['events'])
const event = { id: 7, report: null } as unknown as AdminEvent

describe('EventAdminAfter', () => {
  it('says the feedback failed to load, with a retry, never that there is none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = mount(EventAdminAfter, { attachTo: document.body, global: { plugins: [i18n] }, props: { event } })
    await flushPromises()
    const alert = wrapper.get('[role="alert"]')
    expect(wrapper.text()).not.toContain('还没有问卷')

    const summary = { count: 2, overall: 4.5, usefulness: 4, organisation: 5, comments: [{ comment: '讲解很清楚', overall: 5 }] }
    const fetch = vi.fn(async () => new Response(JSON.stringify(summary), { status: 200, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetch)
    await alert.get('button').trigger('click')
    await flushPromises()
    expect(fetch).toHaveBeenCalledWith('/api/admin/events/7/feedback', expect.anything())
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('2 份问卷')
    expect(wrapper.text()).toContain('讲解很清楚')
    wrapper.unmount()
  })

  it('says there is no feedback when the event has none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ count: 0, overall: null, usefulness: null, organisation: null, comments: [] }), { status: 200, headers: { 'content-type': 'application/json' } })))
    const wrapper = mount(EventAdminAfter, { attachTo: document.body, global: { plugins: [i18n] }, props: { event } })
    await flushPromises()
    expect(wrapper.text()).toContain('还没有问卷')
    wrapper.unmount()
  })
})
