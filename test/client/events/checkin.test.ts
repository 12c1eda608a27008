import type { DoorList } from '../../../src/client/composables/checkin'
import { describe, expect, it } from 'vitest'
import { decide, readTicket } from '../../../src/client/composables/checkin'
import { parseProgramme, programmeText } from '../../../src/client/composables/event-editor'
import { validateSignup } from '../../../src/client/composables/signup-form'

const b64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** An event key pair made with WebCrypto, as the server makes one with node:crypto. */
async function keys() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
  const publicKey = b64url(await crypto.subtle.exportKey('raw', pair.publicKey))
  const ticket = async (eventId: number, code: string) => `GK1.${eventId}.${code}.${b64url(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(`GK1.${eventId}.${code}`)))}`
  return { publicKey, ticket }
}

describe('readTicket', () => {
  it('verifies a signed QR payload with the event public key, offline', async () => {
    const k = await keys()
    const good = await k.ticket(7, 'ABCDEFGH23')
    expect(await readTicket(good, 7, k.publicKey)).toEqual({ code: 'ABCDEFGH23', signed: true })
    expect(await readTicket(good.replace('ABCDEFGH23', 'ABCDEFGH24'), 7, k.publicKey)).toBeNull()
    expect(await readTicket(await k.ticket(8, 'ABCDEFGH23'), 7, k.publicKey)).toBeNull()
    expect(await readTicket(' abcdefgh23 ', 7, k.publicKey)).toEqual({ code: 'ABCDEFGH23', signed: false })
  })
})

describe('decide', () => {
  const list = (): DoorList => ({
    eventId: 1,
    title: 'x',
    publicKey: '',
    downloadedAt: '',
    queue: [],
    rows: [
      { code: 'AAAAAAAAAA', name: '甲', partySize: 2, status: 'confirmed', checkedInAt: null },
      { code: 'BBBBBBBBBB', name: '乙', partySize: 1, status: 'waitlisted', checkedInAt: null },
    ],
  })

  it('accepts a confirmed code once, queues it, and reports the first use after', () => {
    const l = list()
    const now = new Date('2026-08-10T01:30:00Z')
    expect(decide(l, 'AAAAAAAAAA', now)).toEqual({ kind: 'accepted', name: '甲', partySize: 2 })
    expect(l.queue).toEqual([{ code: 'AAAAAAAAAA', at: now.toISOString() }])
    expect(decide(l, 'AAAAAAAAAA', new Date())).toEqual({ kind: 'duplicate', at: now.toISOString() })
    expect(l.queue).toHaveLength(1)
    expect(decide(l, 'BBBBBBBBBB', now).kind).toBe('notConfirmed')
    expect(decide(l, 'CCCCCCCCCC', now).kind).toBe('unknown')
  })
})

describe('validateSignup', () => {
  const t = (k: string) => k
  it('checks name, Chinese mobile, party size and consent on the device', () => {
    expect(validateSignup({ name: ' ', phone: '12345678901', partySize: 3, consent: false }, 2, t)).toEqual({ name: 'nameRequired', phone: 'phoneInvalid', partySize: 'partyTooLarge', consent: 'consentRequired' })
    expect(validateSignup({ name: '王', phone: '13912345678', partySize: 2, consent: true }, 2, t)).toEqual({})
  })
})

describe('programme lines', () => {
  it('round-trips 答疑/座谈/体验/问卷', () => {
    const items = parseProgramme('体验|参观大厅\n问卷|填写问卷\n随便说说')
    expect(items).toEqual([{ kind: 'experience', title: '参观大厅' }, { kind: 'survey', title: '填写问卷' }, { kind: 'qa', title: '随便说说' }])
    expect(programmeText(items)).toBe('体验|参观大厅\n问卷|填写问卷\n答疑|随便说说')
  })
})
