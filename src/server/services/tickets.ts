import type { KeyObject } from 'node:crypto'
import type { EventSecrets } from './event-secrets'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { decrypt, encrypt } from './event-secrets'

/**
 * Signed tickets. Each event has its own Ed25519 key pair; the ticket's QR code carries
 * `GK1.<eventId>.<code>.<signature>` and a staff phone verifies it offline with the event's public key
 * (WebCrypto Ed25519), so a forged or altered code fails at the door without a network.
 */
export interface TicketKeys { publicKey: string, privateKeySealed: string }

export function newTicketKeys(secrets: EventSecrets): TicketKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'jwk' }).x!
  return { publicKey: raw, privateKeySealed: encrypt(secrets, privateKey.export({ format: 'der', type: 'pkcs8' })) }
}

export const ticketMessage = (eventId: number, code: string) => `GK1.${eventId}.${code}`

/** The QR payload for a registration. Ed25519 is deterministic: the same ticket every time. */
// Unsealing and parsing an event's key costs about a millisecond of CPU, and it happened on every sign-up
// inside the seat transaction; the parsed key is kept per sealed key (one per event, bounded).
const privateKeys = new Map<string, KeyObject>()
function privateKeyOf(secrets: EventSecrets, sealed: string): KeyObject {
  let key = privateKeys.get(sealed)
  if (!key) {
    key = createPrivateKey({ key: decrypt(secrets, sealed), format: 'der', type: 'pkcs8' })
    if (privateKeys.size >= 1000)
      privateKeys.delete(privateKeys.keys().next().value!)
    privateKeys.set(sealed, key)
  }
  return key
}

export function signTicket(secrets: EventSecrets, privateKeySealed: string, eventId: number, code: string): string {
  const key = privateKeyOf(secrets, privateKeySealed)
  const message = ticketMessage(eventId, code)
  return `${message}.${sign(null, Buffer.from(message), key).toString('base64url')}`
}

/** Checks a QR payload against an event's public key; returns the code when the signature holds. */
export function verifyTicket(publicKey: string, payload: string): { eventId: number, code: string } | null {
  const match = /^GK1\.(\d+)\.([A-Z0-9]{6,16})\.([\w-]+)$/.exec(payload)
  if (!match)
    return null
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' })
  const ok = verify(null, Buffer.from(ticketMessage(Number(match[1]), match[2]!)), key, Buffer.from(match[3]!, 'base64url'))
  return ok ? { eventId: Number(match[1]), code: match[2]! } : null
}
