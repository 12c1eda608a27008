import type { FastifyInstance } from 'fastify'
import { webcrypto } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyTicket } from '../../../src/server/services/tickets'
import { buildTestApp } from '../../support/app'
import { cancel, makeEvent, nextPhone, signUp } from './support'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

/** A small RFC 5545 reader: unfolds lines and reads properties with their parameters. */
function parseIcs(text: string) {
  const lines = text.split('\r\n').reduce<string[]>((out, line) => {
    if (line.startsWith(' '))
      out[out.length - 1] += line.slice(1)
    else if (line)
      out.push(line)
    return out
  }, [])
  const blocks: Array<{ name: string, props: Record<string, { params: string, value: string }> }> = []
  const stack: typeof blocks = []
  for (const line of lines) {
    const [head, ...rest] = line.split(':')
    const value = rest.join(':')
    const [name, ...params] = head!.split(';')
    if (name === 'BEGIN') {
      const block = { name: value, props: {} }
      blocks.push(block)
      stack.push(block)
    }
    else if (name === 'END') {
      expect(stack.pop()?.name).toBe(value)
    }
    else {
      stack.at(-1)!.props[name!] = { params: params.join(';'), value }
    }
  }
  expect(stack).toEqual([])
  return blocks
}

describe('GET /api/registrations/:code/calendar.ics', () => {
  it('is a valid VEVENT in Shanghai time, with no personal data', async () => {
    const id = await makeEvent(app, { title: '走进垃圾分类中转站, 看一看; 问一问', startsAt: '2030-08-10T01:30:00.000Z', endsAt: '2030-08-10T03:00:00.000Z', signupClosesAt: '2030-08-09T00:00:00.000Z' })
    const phone = nextPhone()
    const reg = (await signUp(app, id, { phone, name: '王小明' })).json()
    const res = await app.inject(`/api/registrations/${reg.code}/calendar.ics`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).not.toContain(phone)
    expect(res.body).not.toContain('王小明')
    for (const line of res.body.split('\r\n'))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)

    const blocks = parseIcs(res.body)
    expect(blocks.map(b => b.name)).toEqual(['VCALENDAR', 'VTIMEZONE', 'STANDARD', 'VEVENT'])
    expect(blocks[0]!.props.VERSION!.value).toBe('2.0')
    expect(blocks[1]!.props.TZID!.value).toBe('Asia/Shanghai')
    expect(blocks[2]!.props.TZOFFSETTO!.value).toBe('+0800')
    const vevent = blocks[3]!.props
    expect(vevent.DTSTART).toEqual({ params: 'TZID=Asia/Shanghai', value: '20300810T093000' })
    expect(vevent.DTEND).toEqual({ params: 'TZID=Asia/Shanghai', value: '20300810T110000' })
    expect(vevent.SUMMARY!.value).toBe('走进垃圾分类中转站\\, 看一看\\; 问一问')
    expect(vevent.UID!.value).toContain(reg.code)
    expect(vevent.DTSTAMP!.value).toMatch(/^\d{8}T\d{6}Z$/)
    expect(vevent.LOCATION!.value).toContain('合欢路')
  })

  it('is gone once the registration is cancelled, and unknown codes are 404', async () => {
    const id = await makeEvent(app)
    const reg = (await signUp(app, id)).json()
    await cancel(app, reg.code, reg.manageToken)
    expect((await app.inject(`/api/registrations/${reg.code}/calendar.ics`)).statusCode).toBe(404)
    expect((await app.inject('/api/registrations/ABCDEFGHJK/calendar.ics')).statusCode).toBe(404)
  })
})

describe('signed tickets', () => {
  it('verify with the event\'s public key, in node and with WebCrypto as a staff phone does', async () => {
    const id = await makeEvent(app)
    const reg = (await signUp(app, id)).json()
    const { ticketPublicKey } = (await app.inject(`/api/events/${id}`)).json()
    expect(reg.ticket).toMatch(new RegExp(`^GK1\\.${id}\\.${reg.code}\\.[\\w-]+$`))
    expect(verifyTicket(ticketPublicKey, reg.ticket)).toEqual({ eventId: id, code: reg.code })

    const key = await webcrypto.subtle.importKey('raw', Buffer.from(ticketPublicKey, 'base64url'), { name: 'Ed25519' }, false, ['verify'])
    const [, , , sig] = reg.ticket.split('.')
    const message = new TextEncoder().encode(`GK1.${id}.${reg.code}`)
    expect(await webcrypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(sig, 'base64url'), message)).toBe(true)

    // an altered code, or another event's key, fails
    const forged = reg.ticket.replace(reg.code, 'ABCDEFGHJK')
    expect(verifyTicket(ticketPublicKey, forged)).toBeNull()
    const other = (await app.inject(`/api/events/${await makeEvent(app)}`)).json().ticketPublicKey
    expect(verifyTicket(other, reg.ticket)).toBeNull()
  })
})
