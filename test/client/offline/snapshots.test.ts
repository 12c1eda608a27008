import type { PageSnapshot } from '../../../src/client/offline/snapshot-cache'
import { describe, expect, it } from 'vitest'
import { hashText, withSnapshot } from '../../../src/client/offline/snapshot-cache'
import { settingsKey, snapshotPath } from '../../../src/client/offline/snapshots'

const shell = `<!doctype html>
<html lang="zh-CN">
  <head>
    <title>政务公开</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-abc.css">
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`

const snapshot: PageSnapshot = {
  v: 1,
  path: '/policies/1',
  title: '要点 <b>&',
  html: '<main id="main"><h1>要点 $& $1</h1></main>',
  styles: ['/assets/index-abc.css', '/assets/DocumentPage-x.css'],
  entry: '/assets/index-abc.js',
  locale: 'en',
  elderMode: true,
  reads: { '/api/documents/1': hashText('{}') },
  dateLine: false,
}

describe('page snapshots', () => {
  it('are kept only for public pages the same for everyone: never 我的, forms, staff or a URL with a query', () => {
    const allowed = ['/', '/policies', '/policies/12', '/interpretations/3', '/events/7']
    const refused = ['/me', '/me/tickets/ABC', '/me/receipts/1', '/admin', '/admin/documents', '/events/7/signup', '/interact/consultations/1/comment', '/policies?q=电梯', '/events/7?token=x', '/policies/faq', '/policies/topics/elevator']
    for (const path of allowed)
      expect(snapshotPath(new URL(path, 'https://gongkai.example'))).toBe(path)
    for (const path of refused)
      expect(snapshotPath(new URL(path, 'https://gongkai.example'))).toBeNull()
  })

  it('go into the shell inert and busy, before the hidden app, with the page\'s settings, title and stylesheets', () => {
    const html = withSnapshot(shell, snapshot)!
    expect(html).toContain('<html lang="en" class="elder">')
    expect(html).toContain('<title>要点 &lt;b&gt;&amp;</title>')
    expect(html).toContain('<div id="page-snapshot" inert aria-busy="true"><main id="main"><h1>要点 $& $1</h1></main></div><div id="app" hidden></div>')
    // the entry's stylesheet once, the page's own added
    expect(html.match(/index-abc\.css/g)).toHaveLength(1)
    expect(html).toContain('<link rel="stylesheet" crossorigin href="/assets/DocumentPage-x.css"></head>')
  })

  it('are not used with another build\'s shell', () => {
    expect(withSnapshot(shell.replace('index-abc.js', 'index-new.js'), snapshot)).toBeNull()
    expect(withSnapshot(shell.replace('<div id="app"></div>', '<div id="app">x</div>'), snapshot)).toBeNull()
  })

  it('tell versions and settings apart', () => {
    expect(hashText('{"title":"要点"}')).toMatch(/^[0-9a-f]{8}$/)
    expect(hashText('{"title":"要点"}')).not.toBe(hashText('{"title":"要点 "}'))
    expect(settingsKey({ locale: 'zh-CN', elderMode: true })).not.toBe(settingsKey({ locale: 'zh-CN', elderMode: false }))
  })
})
