import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, failsWithoutAudit, jsonWrite, newStaffSession } from '../../support/app'

let app: FastifyInstance
let editor: string
let moderator: string
const source = readFileSync(new URL('../../../src/server/demo/corpus/yangpu-2021-gongkai-yaodian.md', import.meta.url), 'utf8')

async function signIn(email: string, role: 'editor' | 'moderator') {
  return (await newStaffSession(app, role, { email })).cookie
}
const as = (cookie: string) => ({ ...jsonWrite, cookie })
const meta = { title: '杨浦区既有住宅加装电梯实施细则', issuer: '上海市杨浦区住房保障和房屋管理局', level: 'district', district: 'yangpu', type: 'normative', status: 'valid', topics: ['housing'], audiences: ['residents', 'elderly'], summary: '加装电梯的申请和补贴细则。' }
const interpretation = {
  kind: 'text',
  title: '读懂杨浦加装电梯细则',
  interpreterType: 'department',
  interpreterName: '杨浦区房管局',
  sections: [{ key: 'how', title: '怎么申请', markdown: '## 三步\n\n1. 业主表决\n2. 街道受理<script>alert(1)</script>\n\n[在线办理](https://zwdt.sh.gov.cn) [x](javascript:alert(1))\n\n关键词：楼道无障碍坡道' }],
  faq: [{ q: '一楼要出钱吗？', a: '按业主协商的分摊方案。' }],
  images: [],
}

beforeAll(async () => {
  app = await buildTestApp()
  editor = await signIn('editor@yangpu.gov.cn', 'editor')
  moderator = await signIn('mod@yangpu.gov.cn', 'moderator')
})
afterAll(() => app.close())

describe('writing documents and interpretations (editor)', () => {
  it('previews what the importer reads, and names the line it cannot read', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/admin/documents/parse', headers: as(editor), payload: { source } })
    expect(ok.json()).toMatchObject({ title: '2021年杨浦区政务公开工作要点', docNumber: '杨府办〔2021〕10号', parts: 7, items: 23 })
    const bad = await app.inject({ method: 'POST', url: '/api/admin/documents/parse', headers: as(editor), payload: { source: '某工作要点\n\n二、第二部分\n' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ field: 'source', detail: expect.stringMatching(/^第 3 行/) })
  })

  it('creates a draft, keeps it private, and publishes it with its interpretation (三同步)', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/admin/documents', headers: as(editor), payload: { ...meta, source } })
    expect(created.statusCode).toBe(201)
    const { id } = created.json()
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(404)

    const refused = await app.inject({ method: 'POST', url: `/api/admin/documents/${id}/publish`, headers: as(editor), payload: {} })
    expect(refused.statusCode).toBe(409)

    const interp = await app.inject({ method: 'POST', url: `/api/admin/documents/${id}/interpretations`, headers: as(editor), payload: interpretation })
    expect(interp.statusCode).toBe(201)
    const interpId = interp.json().id
    // a draft interpretation does not satisfy the rule
    expect((await app.inject({ method: 'POST', url: `/api/admin/documents/${id}/publish`, headers: as(editor), payload: {} })).statusCode).toBe(409)
    expect((await app.inject({ method: 'POST', url: `/api/admin/interpretations/${interpId}/publish`, headers: as(editor), payload: {} })).statusCode).toBe(204)
    expect((await app.inject({ method: 'POST', url: `/api/admin/documents/${id}/publish`, headers: as(editor), payload: {} })).statusCode).toBe(204)

    // staff see what residents thought of it
    await app.inject({ method: 'POST', url: `/api/interpretations/${interpId}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-zzzzzzzzzzzzzzzz', helpful: true } })
    const edited = (await app.inject({ url: `/api/admin/documents/${id}`, headers: { cookie: editor } })).json()
    expect(edited.interpretations[0].helpful).toEqual({ yes: 1, no: 0 })

    const page = (await app.inject(`/api/documents/${id}`)).json()
    expect(page.body.parts).toHaveLength(7)
    expect(page.interpretations.map((i: { title: string }) => i.title)).toEqual(['读懂杨浦加装电梯细则'])
    const read = (await app.inject(`/api/interpretations/${interpId}`)).json()
    const html = read.sections[0].html as string
    expect(html).toContain('<h3>三步</h3>')
    expect(html).toContain('href="https://zwdt.sh.gov.cn"')
    expect(html).not.toMatch(/<script|javascript:/)

    // search finds the document by words only its interpretation has
    const found = (await app.inject(`/api/documents?q=${encodeURIComponent('无障碍坡道')}`)).json()
    expect(found.items.map((d: { id: number }) => d.id)).toContain(id)
  })

  it('refuses a video without a transcript and an image without alt text', async () => {
    const [doc] = (await app.inject({ url: '/api/admin/documents', headers: { cookie: editor } })).json()
    const video = await app.inject({ method: 'POST', url: `/api/admin/documents/${doc.id}/interpretations`, headers: as(editor), payload: { ...interpretation, kind: 'video', video: { src: '/demo/v.mp4' } } })
    expect(video.statusCode).toBe(400)
    expect(video.json().field).toBe('video.transcript')
    const image = await app.inject({ method: 'POST', url: `/api/admin/documents/${doc.id}/interpretations`, headers: as(editor), payload: { ...interpretation, kind: 'graphic', images: [{ src: '/demo/a.svg' }] } })
    expect(image.json().field).toBe('images.0.alt')
  })

  it('renders a Markdown preview sanitised', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/documents/markdown-preview', headers: as(editor), payload: { markdown: '**重点**<img src=x onerror=alert(1)>' } })
    expect(res.json().html).toBe('<p><strong>重点</strong></p>\n')
  })

  it('saves a topic bundle and shows it only once published', async () => {
    const [doc] = (await app.inject({ url: '/api/admin/documents', headers: { cookie: editor } })).json()
    const bundle = { slug: 'yangpu-elevator', title: '杨浦加装电梯', summary: '一次看全。', items: [{ kind: 'document', refId: doc.id }, { kind: 'service', title: '一网通办', url: 'https://zwdt.sh.gov.cn' }], published: false }
    expect((await app.inject({ method: 'PUT', url: '/api/admin/bundles/yangpu-elevator', headers: as(editor), payload: bundle })).statusCode).toBe(204)
    expect((await app.inject('/api/bundles/yangpu-elevator')).statusCode).toBe(404)
    await app.inject({ method: 'PUT', url: '/api/admin/bundles/yangpu-elevator', headers: as(editor), payload: { ...bundle, published: true } })
    const shown = (await app.inject('/api/bundles/yangpu-elevator')).json()
    expect(shown.items.map((i: { kind: string }) => i.kind)).toEqual(['document', 'service'])
  })

  it('is for editors only', async () => {
    expect((await app.inject('/api/admin/documents')).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/admin/documents', headers: { cookie: moderator } })).statusCode).toBe(403)
    expect((await app.inject({ method: 'PUT', url: '/api/admin/bundles/x1', headers: as(moderator), payload: {} })).statusCode).toBe(403)
  })
})

describe('an editor\'s change whose audit row cannot be written', () => {
  it('changes nothing, and the same request goes through once the row can be written', async () => {
    const post = (url: string, payload: object) => () => app.inject({ method: 'POST', url, headers: as(editor), payload })
    const edited = async (id: number) => (await app.inject({ url: `/api/admin/documents/${id}`, headers: { cookie: editor } })).json()
    const titles = async () => (await app.inject({ url: '/api/admin/documents', headers: { cookie: editor } })).json().map((d: { title: string }) => d.title)

    const create = post('/api/admin/documents', { ...meta, title: '审计记录写不进时的文件' })
    await failsWithoutAudit(app, 'document.create', create)
    expect(await titles()).not.toContain('审计记录写不进时的文件')
    const created = await create()
    expect(created.statusCode).toBe(201)
    const { id } = created.json()

    const update = () => app.inject({ method: 'PUT', url: `/api/admin/documents/${id}`, headers: as(editor), payload: { ...meta, title: '改过的标题', source } })
    await failsWithoutAudit(app, 'document.update', update)
    expect((await edited(id)).document.title).toBe('审计记录写不进时的文件')
    expect((await update()).statusCode).toBe(204)
    expect((await edited(id)).document.title).toBe('改过的标题')

    const interpret = post(`/api/admin/documents/${id}/interpretations`, interpretation)
    await failsWithoutAudit(app, 'interpretation.create', interpret)
    expect((await edited(id)).interpretations).toEqual([])
    const interpId = (await interpret()).json().id

    const publishInterpretation = post(`/api/admin/interpretations/${interpId}/publish`, {})
    await failsWithoutAudit(app, 'interpretation.publish', publishInterpretation)
    expect((await edited(id)).interpretations[0].publishedAt).toBeNull()
    expect((await publishInterpretation()).statusCode).toBe(204)

    const publish = post(`/api/admin/documents/${id}/publish`, {})
    await failsWithoutAudit(app, 'document.publish', publish)
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(404)
    expect((await publish()).statusCode).toBe(204)

    const withdraw = post(`/api/admin/documents/${id}/withdraw`, {})
    await failsWithoutAudit(app, 'document.withdraw', withdraw)
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(200)
    expect((await withdraw()).statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${id}`)).statusCode).toBe(404)

    const bundle = () => app.inject({ method: 'PUT', url: '/api/admin/bundles/audit-refused', headers: as(editor), payload: { slug: 'audit-refused', title: '审计记录', summary: '写不进时不保存。', items: [], published: true } })
    await failsWithoutAudit(app, 'bundle.save', bundle)
    expect((await app.inject('/api/bundles/audit-refused')).statusCode).toBe(404)
    expect((await bundle()).statusCode).toBe(204)
    expect((await app.inject('/api/bundles/audit-refused')).statusCode).toBe(200)
  })
})
