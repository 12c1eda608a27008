import { randomBytes, timingSafeEqual } from 'node:crypto'
import { HOTP, Secret, TOTP } from 'otpauth'
import { sha256 } from './event-secrets'
import { hashPassword, verifyPassword } from './passwords'

// RFC 6238 as every authenticator app does it: HMAC-SHA-1, 6 digits, 30-second steps.
const PERIOD_S = 30
const DIGITS = 6
/** a code from the step before or after is still accepted (clock drift, a code typed as it changes) */
const WINDOW = 1
const ISSUER = '政务公开 Gongkai'

/** A new secret of 160 bits (RFC 4226 recommends it), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_S, secret: Secret.fromBase32(secret) }).toString()
}

/** The 30-second step a moment falls in (the TOTP counter). */
function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_S)
}

/** The code for one step: what an authenticator app shows. */
export function totpCode(secret: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: DIGITS, counter: step })
}

/**
 * The step a code belongs to, within one step either side of `now`, or undefined. The caller accepts it
 * only when it is later than the last step used, so each code works once.
 */
export function matchTotp(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code))
    return undefined
  const current = totpStep(now)
  let found: number | undefined
  // compare every candidate, so the time taken does not tell which step matched
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(code)) && found === undefined)
      found = step
  }
  return found
}

// Crockford's base32 alphabet, lower case: no i, l, o or u to misread.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** `count` one-time recovery codes of 60 random bits each, written `xxxx-xxxx-xxxx`. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12)
    const chars = [...bytes].map(b => ALPHABET[b & 31]).join('')
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`
  })
}

/** Recovery codes typed with spaces, capitals or look-alike letters still match. */
function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1')
}

/**
 * What is stored of a recovery code: an argon2id hash with its own random salt, as a password's (a few tens of
 * milliseconds each, on the thread pool). A code carries 60 random bits, fewer than the 112 that would let a
 * fast unsalted hash do (ASVS V6.5.2): a stolen table of bare SHA-256 hashes gives every code up in hours.
 */
export function hashRecoveryCode(code: string): Promise<string> {
  return hashPassword(normaliseRecoveryCode(code))
}

/** A stored hash from before the codes were hashed with argon2: a bare SHA-256, 64 hex digits. */
export const LEGACY_HASH = /^[0-9a-f]{64}$/
/** Marks a legacy SHA-256 hash wrapped in argon2id at start (`wrapLegacyHash`): `sha256+` and the argon2 hash of that hex. */
const WRAPPED = 'sha256+'

/** A legacy bare SHA-256 as it is kept from now on: in argon2id, with its own salt, so the table gives nothing away. */
export async function wrapLegacyHash(legacy: string): Promise<string> {
  return `${WRAPPED}${await hashPassword(legacy)}`
}

/**
 * Does `code` match what was stored of one: an argon2 hash; a legacy SHA-256 wrapped in one; or a bare SHA-256
 * not wrapped yet (one written by an older process during an upgrade).
 */
export async function recoveryCodeMatches(stored: string, code: string): Promise<boolean> {
  const normal = normaliseRecoveryCode(code)
  if (stored.startsWith(WRAPPED))
    return verifyPassword(stored.slice(WRAPPED.length), sha256(normal))
  if (LEGACY_HASH.test(stored))
    return timingSafeEqual(Buffer.from(sha256(normal)), Buffer.from(stored))
  return verifyPassword(stored, normal)
}

/** Looks like a recovery code rather than a six-digit TOTP code. */
export function isRecoveryCode(code: string): boolean {
  return /^[0-9a-z]{12}$/.test(normaliseRecoveryCode(code))
}
