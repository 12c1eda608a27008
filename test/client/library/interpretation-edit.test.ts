import type { Problem } from '../../../src/shared/schemas/problem'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import AdminInterpretationEditPage from '../../../src/client/pages/admin/library/AdminInterpretationEditPage.vue'
import { expectProblemAt, refuseWith, staffFormSuite, staffRouter } from '../support/form-problem'

const i18n = staffFormSuite()

/** The API refuses the interpretation with this problem (and previews Markdown as nothing). */
const refuse = (problem: Partial<Problem>) => refuseWith(problem, url => url.endsWith('/markdown-preview') ? new Response(JSON.stringify({ html: '' }), { status: 200 }) : undefined)

function mountPage() {
  const router = staffRouter()
  return mount(AdminInterpretationEditPage, { attachTo: document.body, global: { plugins: [i18n, router] }, props: { documentId: 5 } })
}

describe('AdminInterpretationEditPage after the server refuses it', () => {
  it('shows the server\'s text at the title it names, marked, described and focused, and keeps what was typed', async () => {
    const fetch = refuse({ detail: '内容太短：至少 2 个字。', field: 'title' })
    const wrapper = mountPage()
    const title = wrapper.get<HTMLInputElement>('#i-title')
    await title.setValue('解')
    await wrapper.get('#i-name').setValue('区发展改革委')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fetch).toHaveBeenCalledWith('/api/admin/documents/5/interpretations', expect.objectContaining({ method: 'POST' }))
    expectProblemAt(title, '内容太短：至少 2 个字。')
    expect(title.element.value).toBe('解')
    expect(wrapper.get<HTMLInputElement>('#i-name').element.value).toBe('区发展改革委')
    expect(wrapper.get('#i-name').attributes('aria-invalid')).toBe('false')
    expect(wrapper.find('.notice--bad').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('title')
    wrapper.unmount()
  })

  it('shows a section\'s problem at that section\'s input, with no property path in sight', async () => {
    refuse({ detail: '请填写此项。', field: 'sections.1.title' })
    const wrapper = mountPage()
    await wrapper.get('form').findAll('button[type="button"]').find(b => b.text() === '增加一部分')!.trigger('click')
    const second = wrapper.get<HTMLInputElement>('#s1-title')
    await second.setValue(' ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expectProblemAt(second, '请填写此项。')
    expect(wrapper.get('#s0-title').attributes('aria-invalid')).toBe('false')
    expect(wrapper.text()).not.toContain('sections')
    wrapper.unmount()
  })

  it('shows a problem with a section\'s text at its Markdown field, marked, described and focused', async () => {
    refuse({ detail: '内容包含不允许的标记。', field: 'sections.0.markdown' })
    const wrapper = mountPage()
    const text = wrapper.get<HTMLTextAreaElement>('#s0-md')
    await text.setValue('<script>alert(1)</script>')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expectProblemAt(text, '内容包含不允许的标记。')
    expect(text.element.value).toBe('<script>alert(1)</script>')
    expect(wrapper.find('.notice--bad').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows a problem naming no field at the top, without a field name, and clears it on the next try', async () => {
    refuse({ detail: '找不到这份文件。', status: 404, code: 'not-found' })
    const wrapper = mountPage()
    await wrapper.get('#i-title').setValue('解读标题')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('找不到这份文件。')
    expect(wrapper.findAll('[aria-invalid="true"]')).toHaveLength(0)
    expect(wrapper.get<HTMLInputElement>('#i-title').element.value).toBe('解读标题')

    refuse({ detail: '内容太长：最多 200 个字。', field: 'images.0.caption' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('内容太长：最多 200 个字。')
    expect(wrapper.text()).not.toContain('caption')
    expect(wrapper.text()).not.toContain('找不到')
    wrapper.unmount()
  })
})

describe('AdminInterpretationEditPage opening an interpretation', () => {
  const mountEditing = (id: number) => mount(AdminInterpretationEditPage, { attachTo: document.body, global: { plugins: [i18n, staffRouter()] }, props: { documentId: 5, id } })
  const documentWith = (interpretations: object[]) => new Response(JSON.stringify({ interpretations }), { status: 200, headers: { 'content-type': 'application/json' } })

  it('says when the document has no such interpretation, with no blank form to save over it', async () => {
    refuseWith({}, url => url === '/api/admin/documents/5' ? documentWith([]) : undefined)
    const wrapper = mountEditing(12)
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('该文件下没有这篇解读')
    expect(wrapper.find('form').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says a failed load with a retry, and shows the interpretation once the retry brings it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    const wrapper = mountEditing(12)
    await flushPromises()
    expect(wrapper.find('form').exists()).toBe(false)
    const retry = wrapper.get('[role="alert"] button')

    const found = { id: 12, documentId: 5, publishedAt: null, helpful: { yes: 0, no: 0 }, kind: 'text', title: '一图读懂', interpreterType: 'department', interpreterName: '区民政局', sections: [{ key: 'background', title: '背景', markdown: '为什么' }], faq: [], images: [], video: null }
    vi.stubGlobal('fetch', vi.fn(async () => documentWith([found])))
    await retry.trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.get<HTMLInputElement>('#i-title').element.value).toBe('一图读懂')
    wrapper.unmount()
  })
})
