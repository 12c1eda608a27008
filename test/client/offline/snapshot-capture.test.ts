import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeSnapshot } from '../../../src/client/offline/snapshot-capture'

const settings = { locale: 'zh-CN', elderMode: false }
const reads = new Map([['/api/documents/1', { text: '{"id":1}', date: null }]])

function page(main: string) {
  document.body.innerHTML = `<div id="app"><header id="top">政务公开</header><main id="main">${main}</main><div role="status" data-snapshot="omit">已打开</div></div>`
}

describe('the snapshot a page keeps of itself', () => {
  beforeEach(() => history.replaceState(null, '', '/policies/1'))
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('is our own markup without scripts, handlers, ids, open details or what is left out', () => {
    page('<h1 id="t" onclick="x()">要点</h1><details open><summary>目录</summary></details><a href="javascript:alert(1)">x</a><script>alert(1)</script><p style="display: none;">筛选</p>')
    const snapshot = makeSnapshot('/policies/1', settings, reads)
    expect(typeof snapshot).toBe('object')
    const html = (snapshot as { html: string }).html
    expect(html).toContain('<h1>要点</h1>')
    expect(html).not.toMatch(/onclick|<script|javascript:|id=|open|已打开|筛选/)
    expect(snapshot).toMatchObject({ path: '/policies/1', locale: 'zh-CN', reads: { '/api/documents/1': expect.stringMatching(/^[0-9a-f]{8}$/) } })
  })

  it('is refused for a page that shows something of the resident\'s own', () => {
    page('<p data-snapshot="never">已报名</p>')
    expect(makeSnapshot('/policies/1', settings, reads)).toMatch(/own/)
    page('<input type="password">')
    expect(makeSnapshot('/policies/1', settings, reads)).toMatch(/own/)
    page('<a href="/manage?token=abc">管理</a>')
    expect(makeSnapshot('/policies/1', settings, reads)).toMatch(/own/)
  })

  it('never holds what the resident typed', () => {
    page('<label>问题<textarea>草稿</textarea></label><input type="text" value="139">')
    document.querySelector('textarea')!.value = '我的电话是 13912345678'
    document.querySelector('input')!.value = '13912345678'
    const html = (makeSnapshot('/policies/1', settings, reads) as { html: string }).html
    expect(html).toContain('<textarea></textarea>')
    expect(html).not.toMatch(/139|草稿/)
  })

  it('is refused for a page that read anything but public answers, or nothing, or with an inline style', () => {
    page('<h1>要点</h1>')
    expect(makeSnapshot('/policies/1', settings, new Map([['/api/registrations/1', { text: '{}', date: null }]]))).toMatch(/public read/)
    expect(makeSnapshot('/policies/1', settings, new Map())).toMatch(/public read/)
    page('<article style="--doc-font-size: 1.5rem"><h1>要点</h1></article>')
    expect(makeSnapshot('/policies/1', settings, reads)).toMatch(/inline style/)
  })

  it('is refused on a page that may not have one', () => {
    history.replaceState(null, '', '/me/tickets/ABC')
    page('<h1>我的票</h1>')
    expect(makeSnapshot('/me/tickets/ABC', settings, reads)).toMatch(/not a public page/)
  })
})
