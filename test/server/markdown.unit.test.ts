import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../src/server/services/markdown'

describe('renderMarkdown (staff Markdown, sanitised on the server)', () => {
  it('keeps the formatting an interpretation needs', () => {
    const html = renderMarkdown('## 补贴标准\n\n- 每台最高 **28 万元**\n- [一网通办](https://zwdt.sh.gov.cn)')
    expect(html).toContain('<h3>补贴标准</h3>')
    expect(html).toContain('<strong>28 万元</strong>')
    expect(html).toContain('<a href="https://zwdt.sh.gov.cn" rel="noopener noreferrer" target="_blank">一网通办</a>')
  })

  it.each([
    ['a script element', '<script>alert(1)</script>正文', 'script'],
    ['an event handler', '<p onclick="alert(1)">正文</p>', 'onclick'],
    ['a javascript: link', '[点我](javascript:alert(1))', 'javascript:'],
    ['a data: link', '<a href="data:text/html,x">x</a>', 'data:'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', 'iframe'],
    ['inline style', '<p style="position:fixed">x</p>', 'style'],
    ['an image beacon', '![x](https://evil.example/pixel.png)', '<img'],
  ])('removes %s', (_name, markdown, forbidden) => {
    expect(renderMarkdown(markdown).toLowerCase()).not.toContain(forbidden)
  })
})
