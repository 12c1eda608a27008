import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedConsultations } from '../../../src/server/demo/consultations'
import { buildTestApp, jsonWrite } from '../../support/app'
import { makeConsultation, postComment } from './support'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp({ rateLimit: { enabled: true, max: 600, loginMax: 10 } })
})
afterAll(() => app.close())

describe('demo consultations', () => {
  it('seeds open ones with time left, a major decision with its stages, and a closed one with its report', async () => {
    const line = await seedConsultations(app.db, new Date())
    expect(line).toContain('consultations')
    const list = (await app.inject('/api/consultations')).json()
    expect(list.open.length).toBeGreaterThanOrEqual(2)
    const reported = list.closed.find((c: { status: string }) => c.status === 'reported')
    expect(reported.outcome.adopted).toBeGreaterThan(0)
    const major = list.open.find((c: { majorDecision: boolean }) => c.majorDecision)
    const detail = (await app.inject(`/api/consultations/${major.id}`)).json()
    expect(detail.stages).toHaveLength(10)
    expect(detail.stages.find((s: { state: string }) => s.state === 'current').stage).toBe('consultation')
    const report = (await app.inject(`/api/consultations/${reported.id}/report`)).json()
    expect(report.comments.every((c: { decision: { reason: string } }) => c.decision.reason.length > 0)).toBe(true)
    const closed = (await app.inject(`/api/consultations/${reported.id}`)).json()
    expect(closed.changes.some((c: { change: string }) => c.change === 'added')).toBe(true)
  })
})

describe('POST /api/consultations/:id/comments rate limit', () => {
  it('refuses the 11th comment from one address within ten minutes', async () => {
    const id = await makeConsultation(app, 'open')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push((await postComment(app, id, { text: `第${i}条意见` })).statusCode)
    expect(statuses.slice(0, 10).every(s => s === 201)).toBe(true)
    expect(statuses[10]).toBe(429)
  })
})

describe('GET /api/decisions', () => {
  it('lists the year\'s major decisions with their stage, and a withdrawal with its reason', async () => {
    const res = await app.inject('/api/decisions')
    expect(res.statusCode).toBe(200)
    const catalogue = res.json()
    expect(catalogue.dueOn).toBe(`${catalogue.year}-03-31`)
    expect(catalogue.items.length).toBeGreaterThanOrEqual(3)
    const elevator = catalogue.items.find((d: { title: string }) => d.title.includes('加装电梯'))
    expect(elevator).toMatchObject({ stage: 'consultation', status: 'listed', consultationId: expect.any(Number) })
    const withdrawn = catalogue.items.find((d: { status: string }) => d.status === 'withdrawn')
    expect(withdrawn.changes.map((c: { change: string }) => c.change)).toEqual(['added', 'withdrawn'])
    expect(withdrawn.changes[1].reason).toContain('推迟')
    expect((await app.inject('/api/decisions?year=2001')).statusCode).toBe(404)
  })
})

describe('POST /api/consultations/:id/comments per-device limit', () => {
  it('refuses the 11th comment from one device within ten minutes, whatever the address', async () => {
    const id = await makeConsultation(app, 'open')
    const device = 'device-0123456789abcdef'
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({ method: 'POST', url: `/api/consultations/${id}/comments`, remoteAddress: `10.0.0.${i + 1}`, headers: { ...jsonWrite, 'idempotency-key': `device-limit-key-${String(i).padStart(4, '0')}`, 'x-device-id': device }, payload: { text: `设备 ${i}`, commenterType: 'individual', consent: false } })
      statuses.push(res.statusCode)
    }
    expect(statuses.slice(0, 10).every(s => s === 201)).toBe(true)
    expect(statuses[10]).toBe(429)
  })
})
