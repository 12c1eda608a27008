import { mount, RouterLinkStub } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import ConsultationCommentItem from '../../../src/client/components/consultation/ConsultationCommentItem.vue'
import ConsultationCompare from '../../../src/client/components/consultation/ConsultationCompare.vue'
import { createAppI18n } from '../../../src/client/i18n'

const i18n = createAppI18n('zh-CN')
const global = { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } }
// the consultations messages load with their pages (i18n/namespaces.ts)
beforeAll(() => i18n.load(['consultations']))

describe('ConsultationCommentItem', () => {
  it('renders a stored <script> as text, never as markup', () => {
    const wrapper = mount(ConsultationCommentItem, {
      global,
      props: { comment: { id: 1, articleAnchor: 'a5', articleNumber: '第五条', text: '<script>alert(1)</script>', commenterType: 'individual', displayName: '<b>x</b>', createdAt: '2026-11-24T02:00:00Z', reply: null, decision: { outcome: 'partly', reason: '部分采纳', finalArticleAnchor: 'a5', finalArticleNumber: '第六条' } } },
    })
    expect(wrapper.find('script').exists()).toBe(false)
    expect(wrapper.find('b').exists()).toBe(false)
    expect(wrapper.text()).toContain('<script>alert(1)</script>')
    expect(wrapper.text()).toContain('部分采纳')
    expect(wrapper.text()).toContain('定稿第六条')
  })
})

describe('ConsultationCompare', () => {
  it('marks deletions on the draft side and insertions on the final side, from data', () => {
    const wrapper = mount(ConsultationCompare, {
      global,
      props: { changes: [
        { anchor: 'a4', change: 'changed', draftNumber: '第四条', finalNumber: '第四条', segments: [{ op: 'same', text: '补贴百分之' }, { op: 'del', text: '四' }, { op: 'ins', text: '<i>五</i>' }, { op: 'same', text: '十' }] },
        { anchor: 'n1', change: 'added', draftNumber: null, finalNumber: '第五条', segments: [{ op: 'ins', text: '新条文' }] },
      ] },
    })
    const rows = wrapper.findAll('li')
    expect(rows[0]!.find('del').text()).toContain('四')
    expect(rows[0]!.find('ins').text()).toContain('<i>五</i>')
    expect(rows[0]!.find('i').exists()).toBe(false)
    expect(rows[0]!.text()).toContain('已修改')
    expect(rows[1]!.text()).toContain('新增')
    expect(rows[1]!.findAll('del')).toHaveLength(0)
  })
})
