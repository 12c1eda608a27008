import type { Db } from '../db/client'
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { meta } from '../db/schema'

/** The app's secrets for registrations: a key for the phone hash and one for encryption. */
export interface EventSecrets { hmacKey: Buffer, encKey: Buffer }

const META_KEY = 'event-secrets'
const cache = new WeakMap<object, Promise<EventSecrets>>()

/**
 * The secrets, made once per database and shared by every server process on it: the first process to
 * ask writes them (insert-or-keep), every other reads the same row.
 */
export function eventSecrets(db: Db): Promise<EventSecrets> {
  let found = cache.get(db)
  if (!found) {
    found = (async () => {
      const fresh = { hmac: randomBytes(32).toString('base64'), enc: randomBytes(32).toString('base64') }
      await db.insert(meta).values({ key: META_KEY, value: fresh }).onConflictDoNothing()
      const [row] = await db.select().from(meta).where(eq(meta.key, META_KEY))
      const value = row!.value as typeof fresh
      return { hmacKey: Buffer.from(value.hmac, 'base64'), encKey: Buffer.from(value.enc, 'base64') }
    })()
    found.catch(() => cache.delete(db))
    cache.set(db, found)
  }
  return found
}

/**
 * The app's keyed hash of `label:value` (HMAC-SHA-256 with the app key): finds the same value again without
 * keeping it, and cannot be brute-forced without the key; the label keeps the uses apart. Hex unless told
 * otherwise: whatever is stored or handed out under a label keeps the encoding it was made with.
 */
export function keyedHash(secrets: EventSecrets, label: string, value: string, encoding: 'hex' | 'base64url' = 'hex'): string {
  return createHmac('sha256', secrets.hmacKey).update(`${label}:${value}`).digest(encoding)
}

/** Keyed hash of a phone number: finds a duplicate without the raw number. */
export const phoneHash = (secrets: EventSecrets, phone: string) => keyedHash(secrets, 'phone', phone)

/** AES-256-GCM; the output is iv.tag.ciphertext in base64. */
export function encrypt(secrets: EventSecrets, plain: string | Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', secrets.encKey, iv)
  const data = Buffer.concat([cipher.update(plain), cipher.final()])
  return [iv, cipher.getAuthTag(), data].map(b => b.toString('base64')).join('.')
}

export function decrypt(secrets: EventSecrets, sealed: string): Buffer {
  const [iv, tag, data] = sealed.split('.').map(s => Buffer.from(s, 'base64'))
  const decipher = createDecipheriv('aes-256-gcm', secrets.encKey, iv!)
  decipher.setAuthTag(tag!)
  return Buffer.concat([decipher.update(data!), decipher.final()])
}

/** 139****1234 */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** A registration code: 10 characters without look-alikes (50 bits), unguessable and easy to read out. */
export function registrationCode(): string {
  let code = ''
  for (let i = 0; i < 10; i++)
    code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

/**
 * The manage token is derived from the code with the app key, so it is never stored (only its hash) and a
 * replayed sign-up answers the same token without keeping it in the idempotency table.
 */
export const manageToken = (secrets: EventSecrets, code: string) => keyedHash(secrets, 'manage', code, 'base64url')

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
