import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../src/client/api/http'
import AdminReveal from '../../../src/client/components/admin/AdminReveal.vue'
import { expectProblemAt, staffFormSuite } from '../support/form-problem'

// components/admin/AdminReveal.vue: personal data masked, in full only for a reason the audit log keeps
const i18n = staffFormSuite()

function mountReveal(reveal: (reason: string) => Promise<string>) {
  return mount(AdminReveal, { attachTo: document.body, global: { plugins: [i18n] }, props: { id: 'q7-contact', label: '联系方式', masked: '139****5678', whose: 'WD-20261125-ABC123', reveal } })
}

describe('AdminReveal', () => {
  it('shows the value masked, asks why, and shows it in full once the server answers', async () => {
    const reveal = vi.fn(async () => '13912345678')
    const wrapper = mountReveal(reveal)
    expect(wrapper.get('.reveal__value').text()).toBe('139****5678')
    expect(wrapper.find('form').exists()).toBe(false)

    // each row's button says whose it is, to a screen reader
    expect(wrapper.get('button').text()).toBe('查看完整：WD-20261125-ABC123')
    await wrapper.get('button').trigger('click')
    await flushPromises()
    const input = wrapper.get<HTMLInputElement>('#q7-contact-reason')
    expect(document.activeElement).toBe(input.element)
    expect(wrapper.get('label[for="q7-contact-reason"]').text()).toBe('查看原因（将记入审计日志）')
    // no reason, no request
    const submit = wrapper.get('button[type="submit"]')
    expect(submit.attributes('disabled')).toBeDefined()
    await input.setValue('核实地址')
    expect(submit.attributes('disabled')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(reveal).toHaveBeenCalledWith('核实地址')
    expect(wrapper.get('.reveal__value').text()).toBe('13912345678')
    expect(wrapper.get('.reveal__value').attributes('aria-live')).toBe('polite')
    // the form goes: focus lands on the value it asked for, not on the page
    expect(document.activeElement).toBe(wrapper.get('.reveal__value').element)
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.findAll('button')).toHaveLength(0)
    wrapper.unmount()
  })

  it('gives focus back to its button when the staff member changes their mind', async () => {
    const reveal = vi.fn(async () => '13912345678')
    const wrapper = mountReveal(reveal)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    await wrapper.findAll('button').find(b => b.text() === '取消')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('form').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('#q7-contact-open').element)
    expect(reveal).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('keeps the reason and says why at the field when the server refuses', async () => {
    const wrapper = mountReveal(async () => {
      throw new ApiError({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not-found', detail: '找不到该内容。' })
    })
    await wrapper.get('button').trigger('click')
    const input = wrapper.get<HTMLInputElement>('#q7-contact-reason')
    await input.setValue('核实地址')
    // as a click leaves it: on the button that sent the form
    wrapper.get<HTMLButtonElement>('button[type="submit"]').element.focus()
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expectProblemAt(input, '找不到该内容。')
    expect(input.element.value).toBe('核实地址')
    expect(wrapper.get('.reveal__value').text()).toBe('139****5678')
    wrapper.unmount()
  })
})
