import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import HelpfulVote from '../../../src/client/components/document/HelpfulVote.vue'
import { createAppI18n } from '../../../src/client/i18n'

// components/document/HelpfulVote.vue: 有用 / 没用 under an interpretation or an answer
const i18n = createAppI18n('zh-CN')
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const mountVote = () => mount(HelpfulVote, { attachTo: document.body, global: { plugins: [i18n] }, props: { kind: 'interpretations', id: 4, yes: 3, no: 1, prompt: 'interpretation.helpful' } })
const buttons = (wrapper: ReturnType<typeof mountVote>) => wrapper.findAll('button')

describe('HelpfulVote', () => {
  it('thanks the resident once the vote counted, with the new counts', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ yes: 4, no: 1, counted: true }), { status: 200, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetch)
    const wrapper = mountVote()
    await buttons(wrapper)[0]!.trigger('click')
    await flushPromises()
    expect(fetch).toHaveBeenCalledWith('/api/interpretations/4/helpful', expect.objectContaining({ method: 'POST' }))
    expect(wrapper.get('[role="status"]').text()).toBe('感谢反馈')
    expect(buttons(wrapper)[0]!.text()).toContain('4')
    expect(buttons(wrapper).every(b => b.attributes('disabled') !== undefined)).toBe(true)
    wrapper.unmount()
  })

  it('says so when the vote could not be sent, and lets the resident vote again', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = mountVote()
    await buttons(wrapper)[1]!.trigger('click')
    await flushPromises()
    const status = wrapper.get('[role="status"]')
    expect(status.text()).not.toBe('')
    expect(status.text()).not.toContain('感谢')
    expect(buttons(wrapper)[1]!.text()).toContain('1')
    expect(buttons(wrapper).every(b => b.attributes('disabled') === undefined)).toBe(true)

    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ yes: 3, no: 2, counted: true }), { status: 200, headers: { 'content-type': 'application/json' } })))
    await buttons(wrapper)[1]!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe('感谢反馈')
    expect(buttons(wrapper)[1]!.text()).toContain('2')
    wrapper.unmount()
  })
})
