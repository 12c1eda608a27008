import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../../src/server/db/schema'
import { buildTestApp, jsonWrite } from '../../support/app'
import { closeNow, makeConsultation, postComment, staffCookie } from './support'

let app: FastifyInstance
let moderator: string
let editor: string
let organizer: string
beforeAll(async () => {
  app = await buildTestApp()
  moderator = await staffCookie(app)
  editor = await staffCookie(app, 'editor')
  organizer = await staffCookie(app, 'organizer')
})
afterAll(() => app.close())

const DRAFT = `徐汇区社区食堂运营补贴办法（征求意见稿）
第一章\u3000总则
第一条\u3000为支持社区食堂为老年人提供就餐服务，制定本办法。
第二条\u3000本办法适用于经街道（镇）认定的社区食堂。
第二章\u3000补贴
第三条\u3000每餐补贴三元，每月结算一次。
第四条\u3000本办法自2027年3月1日起施行。`

const HOUR = 3_600_000
function newConsultation(overrides: Record<string, unknown> = {}) {
  return {
    title: '社区食堂运营补贴办法',
    summary: '对社区食堂按餐补贴。',
    interpretation: '为什么：老年人就餐难。改变什么：按餐补贴。影响谁：社区食堂和老年人。',
    department: '区民政局',
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
    majorDecision: true,
    articles: [{ chapter: '第一章 总则', text: '为支持社区食堂，制定本办法。' }, { text: '每餐补贴三元。' }],
    ...overrides,
  }
}
const post = (url: string, cookie: string, payload: unknown) => app.inject({ method: 'POST', url, headers: { ...jsonWrite, cookie }, payload: payload as Record<string, unknown> })

describe('POST /api/admin/consultations/split', () => {
  it('splits pasted text into articles with chapters, leaving the title out', async () => {
    const res = await post('/api/admin/consultations/split', moderator, { text: DRAFT })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.preamble).toBe('徐汇区社区食堂运营补贴办法（征求意见稿）')
    expect(body.articles).toHaveLength(4)
    expect(body.articles[2]).toEqual({ number: '第三条', chapter: '第二章 补贴', text: '每餐补贴三元，每月结算一次。' })
  })

  it('names the field when the text is missing, and refuses residents and organisers', async () => {
    const empty = await post('/api/admin/consultations/split', moderator, { text: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().field).toBe('text')
    expect((await app.inject({ method: 'POST', url: '/api/admin/consultations/split', headers: jsonWrite, payload: { text: DRAFT } })).statusCode).toBe(401)
    expect((await post('/api/admin/consultations/split', organizer, { text: DRAFT })).statusCode).toBe(403)
  })
})

describe('POST /api/admin/consultations', () => {
  it('creates a consultation whose articles residents see in 互动, each with its own anchor, and audits it', async () => {
    const split = (await post('/api/admin/consultations/split', editor, { text: DRAFT })).json()
    const res = await post('/api/admin/consultations', editor, newConsultation({ articles: split.articles }))
    expect(res.statusCode).toBe(201)
    const { id } = res.json()
    const list = (await app.inject('/api/consultations')).json()
    expect(list.open.map((c: { id: number }) => c.id)).toContain(id)
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    expect(detail).toMatchObject({ title: '社区食堂运营补贴办法', department: '区民政局', majorDecision: true, interpretation: expect.stringContaining('影响谁'), documentId: null })
    expect(detail.draft.label).toBe('征求意见稿')
    expect(detail.draft.articles.map((a: { number: string }) => a.number)).toEqual(['第一条', '第二条', '第三条', '第四条'])
    expect(detail.draft.articles[2].chapter).toBe('第二章 补贴')
    const anchors = detail.draft.articles.map((a: { anchor: string }) => a.anchor)
    expect(new Set(anchors).size).toBe(4)
    const comment = await postComment(app, id, { text: '建议提高到每餐五元。', articleAnchor: anchors[2] })
    expect(comment.statusCode).toBe(201)
    const audited = (await app.db.select().from(auditLog)).filter(r => r.action === 'consultation.create' && r.target === `consultation:${id}`)
    expect(audited).toHaveLength(1)
  })

  it('names the field of each validation error', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ title: '长'.repeat(201) }, 'title'],
      [{ title: ' \u200B ' }, 'title'],
      [{ department: undefined }, 'department'],
      [{ opensAt: '2027-01-01' }, 'opensAt'],
      [{ closesAt: new Date(Date.now() - 2 * HOUR).toISOString() }, 'closesAt'],
      [{ documentId: 999_999 }, 'documentId'],
      [{ articles: [] }, 'articles'],
      [{ articles: [{ text: '第一条' }, { text: '  ' }] }, 'articles.1.text'],
      [{ articles: [{ text: '甲', anchor: 'a1' }] }, 'articles.0.anchor'],
      [{ extra: 1 }, 'extra'],
    ]
    for (const [patch, field] of cases) {
      const res = await post('/api/admin/consultations', editor, newConsultation(patch))
      expect(res.statusCode, field).toBe(400)
      expect(res.json().field, JSON.stringify(patch)).toBe(field)
    }
  })

  it('is for moderators and editors only', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/admin/consultations', headers: jsonWrite, payload: newConsultation() })).statusCode).toBe(401)
    expect((await post('/api/admin/consultations', organizer, newConsultation())).statusCode).toBe(403)
    expect((await post('/api/admin/consultations', moderator, newConsultation())).statusCode).toBe(201)
  })
})

describe('POST /api/admin/consultations/:id/versions', () => {
  it('adds a revised draft in which kept articles keep their anchor and comments stay on their article', async () => {
    const id = await makeConsultation(app, 'open')
    const before = (await app.inject(`/api/consultations/${id}`)).json().draft.articles as Array<{ anchor: string, text: string }>
    const comment = (await postComment(app, id, { text: '补贴比例偏低。', articleAnchor: 'a4' })).json()
    await post(`/api/admin/consultations/${id}/comments/moderate`, moderator, { ids: [comment.id], action: 'approve' })
    // insert one before 第一条, change 第四条, remove 第五条
    const articles = [
      { text: '新增的立法目的条款。' },
      ...before.filter(a => a.anchor !== 'a5').map(a => a.anchor === 'a4' ? { anchor: a.anchor, text: '每台电梯补贴不超过工程费用的百分之五十。' } : { anchor: a.anchor, text: a.text }),
    ]
    const res = await post(`/api/admin/consultations/${id}/versions`, editor, { kind: 'draft', label: '征求意见稿（修改稿）', articles })
    expect(res.statusCode).toBe(201)
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    expect(detail.draft.label).toBe('征求意见稿（修改稿）')
    const after = detail.draft.articles as Array<{ anchor: string, number: string, text: string, commentCount: number }>
    expect(after.map(a => a.anchor).slice(1)).toEqual(['a1', 'a2', 'a3', 'a4', 'a6'])
    expect(after[0]!.anchor).not.toMatch(/^a\d$/)
    expect(after.find(a => a.anchor === 'a4')).toMatchObject({ number: '第五条', text: '每台电梯补贴不超过工程费用的百分之五十。', commentCount: 1 })
    const comments = (await app.inject(`/api/consultations/${id}/comments`)).json().items
    expect(comments[0].articleNumber).toBe('第五条')
    expect((await app.db.select().from(auditLog)).some(r => r.action === 'consultation.version.draft' && r.target === `consultation:${id}`)).toBe(true)
  })

  it('publishes the adopted text only after closing, and no draft after it', async () => {
    const id = await makeConsultation(app, 'open')
    const final = { kind: 'final', label: '定稿', articles: [{ anchor: 'a1', text: '为改善居住条件，制定本办法。' }] }
    const early = await post(`/api/admin/consultations/${id}/versions`, editor, final)
    expect(early.statusCode).toBe(409)
    expect(early.json().field).toBe('kind')
    await closeNow(app, id, moderator)
    expect((await post(`/api/admin/consultations/${id}/versions`, editor, final)).statusCode).toBe(201)
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    expect(detail.final.articles).toHaveLength(1)
    expect(detail.changes.filter((c: { change: string }) => c.change === 'removed')).toHaveLength(5)
    const late = await post(`/api/admin/consultations/${id}/versions`, editor, { kind: 'draft', label: '再修改', articles: [{ text: '甲' }] })
    expect(late.statusCode).toBe(409)
  })

  it('names the field of each validation error, answers 404 for no consultation, and refuses organisers', async () => {
    const id = await makeConsultation(app, 'open')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'draft', label: '', articles: [{ text: '甲' }] }, 'label'],
      [{ kind: 'other', label: '修改稿', articles: [{ text: '甲' }] }, 'kind'],
      [{ kind: 'draft', label: '修改稿', articles: [{ anchor: 'nope', text: '甲' }] }, 'articles.0.anchor'],
      [{ kind: 'draft', label: '修改稿', articles: [{ anchor: 'a1', text: '甲' }, { anchor: 'a1', text: '乙' }] }, 'articles.1.anchor'],
      [{ kind: 'draft', label: '修改稿', articles: [{ text: '甲' }, { text: '' }] }, 'articles.1.text'],
      [{ kind: 'draft', label: '修改稿', articles: [{ text: '甲'.repeat(5001) }] }, 'articles.0.text'],
    ]
    for (const [payload, field] of cases) {
      const res = await post(`/api/admin/consultations/${id}/versions`, editor, payload)
      expect(res.statusCode, field).toBe(400)
      expect(res.json().field).toBe(field)
    }
    expect((await post('/api/admin/consultations/999999/versions', editor, { kind: 'draft', label: '修改稿', articles: [{ text: '甲' }] })).statusCode).toBe(404)
    expect((await post(`/api/admin/consultations/${id}/versions`, organizer, { kind: 'draft', label: '修改稿', articles: [{ text: '甲' }] })).statusCode).toBe(403)
  })
})

describe('POST /api/admin/decisions/catalogues', () => {
  it('creates a year\'s catalogue, then an entry with its reason; both audited', async () => {
    const res = await post('/api/admin/decisions/catalogues', editor, { year: 2031, publishedOn: '2031-03-15', issuer: '区人民政府办公室' })
    expect(res.statusCode).toBe(201)
    const empty = (await app.inject('/api/decisions?year=2031')).json()
    expect(empty).toMatchObject({ year: 2031, issuer: '区人民政府办公室', publishedOn: '2031-03-15', items: [] })
    const consultationId = await makeConsultation(app, 'open')
    const add = await post('/api/admin/decisions', editor, { year: 2031, title: '社区食堂布局规划', department: '区民政局', summary: '全区社区食堂的布局。', stage: 'consultation', consultationId, reason: '涉及群众切身利益。' })
    expect(add.statusCode).toBe(201)
    const entry = (await app.inject('/api/decisions?year=2031')).json().items[0]
    expect(entry).toMatchObject({ title: '社区食堂布局规划', stage: 'consultation', consultationId, changes: [{ change: 'added', reason: '涉及群众切身利益。' }] })
    const actions = (await app.db.select().from(auditLog)).map(r => r.action)
    expect(actions).toEqual(expect.arrayContaining(['decision.catalogue.create', 'decision.add']))
  })

  it('refuses a second catalogue for the same year and names the field of validation errors', async () => {
    expect((await post('/api/admin/decisions/catalogues', editor, { year: 2032, publishedOn: '2032-03-01', issuer: '区政府' })).statusCode).toBe(201)
    const again = await post('/api/admin/decisions/catalogues', editor, { year: 2032, publishedOn: '2032-03-02', issuer: '区政府' })
    expect(again.statusCode).toBe(409)
    expect(again.json().field).toBe('year')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ year: 1999, publishedOn: '2032-03-01', issuer: '区政府' }, 'year'],
      [{ year: 2033, publishedOn: '3 March', issuer: '区政府' }, 'publishedOn'],
      [{ year: 2033, publishedOn: '2033-03-01', issuer: '' }, 'issuer'],
      [{ year: 2033, publishedOn: '2033-03-01', issuer: '\u200B' }, 'issuer'],
    ]
    for (const [payload, field] of cases) {
      const res = await post('/api/admin/decisions/catalogues', editor, payload)
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toBe(field)
    }
    const badLink = await post('/api/admin/decisions', editor, { year: 2032, title: '规划', department: '区民政局', stage: 'draft', consultationId: 999_999, reason: '理由' })
    expect(badLink.statusCode).toBe(400)
    expect(badLink.json().field).toBe('consultationId')
  })

  it('is for editors only', async () => {
    const body = { year: 2034, publishedOn: '2034-03-01', issuer: '区政府' }
    expect((await app.inject({ method: 'POST', url: '/api/admin/decisions/catalogues', headers: jsonWrite, payload: body })).statusCode).toBe(401)
    expect((await post('/api/admin/decisions/catalogues', moderator, body)).statusCode).toBe(403)
    expect((await post('/api/admin/decisions/catalogues', organizer, body)).statusCode).toBe(403)
  })
})
