import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDocuments } from '../../../src/server/demo/documents'
import { buildTestApp, jsonWrite, newStaffSession } from '../../support/app'

let app: FastifyInstance
let editor: string

const meta = { title: '长者助餐服务补贴办法', issuer: '上海市徐汇区民政局', level: 'district', district: 'xuhui', type: 'notice', status: 'valid', topics: ['elderly-care'], audiences: ['elderly'], summary: '长者助餐的补贴标准。' }
const source = '长者助餐服务补贴办法\n\n一、补贴对象\n\n（一）本区60周岁及以上老年人。\n\n二、补贴标准\n\n（一）每餐补贴3元。\n'
const as = (cookie: string) => ({ ...jsonWrite, cookie })

beforeAll(async () => {
  app = await buildTestApp()
  editor = (await newStaffSession(app, 'editor')).cookie
})
afterAll(() => app.close())

async function publish(id: number) {
  const res = await app.inject({ method: 'POST', url: `/api/admin/documents/${id}/publish`, headers: as(editor), payload: {} })
  expect(res.statusCode).toBe(204)
}

describe('a document\'s English version', () => {
  it('is null when only Chinese exists', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/admin/documents', headers: as(editor), payload: { ...meta, source } })
    expect(created.statusCode).toBe(201)
    const { id } = created.json()
    await publish(id)
    const page = (await app.inject(`/api/documents/${id}`)).json()
    expect(page.title).toBe('长者助餐服务补贴办法')
    expect(page.english).toBeNull()
    const edit = (await app.inject({ url: `/api/admin/documents/${id}`, headers: { cookie: editor } })).json()
    expect(edit.document).toMatchObject({ titleEn: null, bodyEn: null })
  })

  it('is written by an editor, read back in the editor, and served as paragraphs to residents', async () => {
    const bodyEn = 'Who can apply.\nResidents aged 60 or over.\n\n\nHow much.   Each meal is subsidised by 3 yuan.\n'
    const created = await app.inject({ method: 'POST', url: '/api/admin/documents', headers: as(editor), payload: { ...meta, source, titleEn: ' Meal Subsidies for Older Residents ', bodyEn } })
    expect(created.statusCode).toBe(201)
    const { id } = created.json()
    await publish(id)

    const page = (await app.inject(`/api/documents/${id}`)).json()
    expect(page.english).toEqual({
      title: 'Meal Subsidies for Older Residents',
      // blank lines separate paragraphs; a single line break stays inside one
      paragraphs: ['Who can apply. Residents aged 60 or over.', 'How much.   Each meal is subsidised by 3 yuan.'],
    })
    // the Chinese stays what it was
    expect(page.title).toBe('长者助餐服务补贴办法')
    expect(page.body.parts).toHaveLength(2)

    const edit = (await app.inject({ url: `/api/admin/documents/${id}`, headers: { cookie: editor } })).json()
    expect(edit.document.titleEn).toBe('Meal Subsidies for Older Residents')
    expect(edit.document.bodyEn).toBe(bodyEn.trim())

    // a save without the English fields leaves them alone; empty text clears them
    expect((await app.inject({ method: 'PUT', url: `/api/admin/documents/${id}`, headers: as(editor), payload: meta })).statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${id}`)).json().english.title).toBe('Meal Subsidies for Older Residents')
    expect((await app.inject({ method: 'PUT', url: `/api/admin/documents/${id}`, headers: as(editor), payload: { ...meta, titleEn: '', bodyEn: null } })).statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${id}`)).json().english).toBeNull()
  })

  it('needs both its title and its text: the missing one is named', async () => {
    const noText = await app.inject({ method: 'POST', url: '/api/admin/documents', headers: as(editor), payload: { ...meta, titleEn: 'Meal Subsidies' } })
    expect(noText.statusCode).toBe(400)
    expect(noText.json()).toMatchObject({ code: 'validation', field: 'bodyEn' })
    const noTitle = await app.inject({ method: 'POST', url: '/api/admin/documents', headers: { ...as(editor), 'accept-language': 'en' }, payload: { ...meta, titleEn: '  ', bodyEn: 'Each meal is subsidised by 3 yuan.' } })
    expect(noTitle.statusCode).toBe(400)
    expect(noTitle.json()).toMatchObject({ field: 'titleEn', detail: 'The English text needs an English title too' })
  })

  it('is given to one demo document, marked as a translation', async () => {
    await seedDocuments(app.db, new Date())
    const found = (await app.inject(`/api/documents?q=${encodeURIComponent('沪房规〔2025〕4号')}`)).json()
    const page = (await app.inject(`/api/documents/${found.items[0].id}`)).json()
    expect(page.english.title).toMatch(/Lifts/)
    expect(page.english.paragraphs[0]).toMatch(/translation.*Chinese text is authoritative/)
  })
})
