import type { BundleInput } from '../../../src/client/api/library-editor'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import AdminBundleForm from '../../../src/client/components/admin/AdminBundleForm.vue'
import { expectProblemAt, refuseWith, staffFormSuite } from '../support/form-problem'

const i18n = staffFormSuite()

function mountForm(bundle: BundleInput) {
  const model = reactive(bundle)
  const wrapper = mount(AdminBundleForm, { attachTo: document.body, global: { plugins: [i18n] }, props: { modelValue: model, documents: [], isNew: true } })
  return { wrapper, model }
}

describe('AdminBundleForm after the server refuses it', () => {
  it('shows the server\'s text at the title it names, marked, described and focused, and keeps what was typed', async () => {
    const fetch = refuseWith({ detail: '内容太短：至少 2 个字。', field: 'title' })
    const { wrapper } = mountForm({ slug: 'yi-lao', title: '', summary: '养老服务一件事', items: [], published: false })
    const title = wrapper.get<HTMLInputElement>('#b-yi-lao-title')
    await title.setValue('养')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fetch).toHaveBeenCalledTimes(1)
    expectProblemAt(title, '内容太短：至少 2 个字。')
    expect(title.element.value).toBe('养')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('title')
    // the other inputs are not marked
    expect(wrapper.get('#b-yi-lao-summary').attributes('aria-invalid')).toBe('false')
    wrapper.unmount()
  })

  it('shows an item\'s problem at that item\'s input, with no property path in sight', async () => {
    refuseWith({ detail: '格式不正确。', field: 'items.1.url' })
    const { wrapper } = mountForm({ slug: 'yi-lao', title: '养老', summary: '养老服务一件事', items: [{ kind: 'service', title: '预约', url: 'https://a.example/' }, { kind: 'service', title: '办理', url: 'https://b' }], published: false })
    const url = wrapper.get<HTMLInputElement>('#b-yi-lao-u1')
    await url.setValue('http://b.example/')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expectProblemAt(url, '格式不正确。')
    expect(url.element.value).toBe('http://b.example/')
    expect(wrapper.get('#b-yi-lao-u0').attributes('aria-invalid')).toBe('false')
    expect(wrapper.text()).not.toContain('items')
    expect(wrapper.text()).not.toContain('url')
    wrapper.unmount()
  })

  it('shows a problem naming no field, or one the form has no input for, at the top, and clears it on the next try', async () => {
    refuseWith({ detail: '保存失败，请稍后再试。' })
    const { wrapper } = mountForm({ slug: 'yi-lao', title: '养老', summary: '养老服务一件事', items: [], published: false })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('保存失败，请稍后再试。')
    expect(wrapper.findAll('[aria-invalid="true"]')).toHaveLength(0)

    refuseWith({ detail: '内容太长：最多 200 个字。', field: 'items.0.note' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('内容太长：最多 200 个字。')
    expect(wrapper.text()).not.toContain('note')
    expect(wrapper.text()).not.toContain('保存失败')
    wrapper.unmount()
  })

  it('clears the field\'s text when the form is sent again and saved', async () => {
    refuseWith({ detail: '内容太短：至少 2 个字。', field: 'summary' })
    const { wrapper } = mountForm({ slug: 'yi-lao', title: '养老', summary: '养', items: [], published: false })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#b-yi-lao-summary').attributes('aria-invalid')).toBe('true')

    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#b-yi-lao-summary').attributes('aria-invalid')).toBe('false')
    expect(wrapper.text()).not.toContain('内容太短')
    expect(wrapper.emitted('saved')).toHaveLength(1)
    wrapper.unmount()
  })
})
