import type { TemporaryPassword } from '../repositories/staff'
import { randomInt } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { isCommonPassword } from './common-passwords'

// argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

// Verified against when no account matches, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | undefined

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** Checks a password against a stored hash, or against a dummy one when there is no account. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('no-such-account-placeholder')
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  return verify(storedHash, password).catch(() => false)
}

/** How long an admin's temporary password opens the account (a long weekend); after that an admin gives a new one. */
export const TEMPORARY_PASSWORD_HOURS = 72

/** The marks of a temporary password given now: it must be changed at the next sign-in, and stops working in 72 hours. */
export function temporaryPasswordWindow(now: Date): TemporaryPassword {
  return { mustChangeAt: now, expiresAt: new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3600_000) }
}

// 32 symbols, so 16 of them carry 80 bits; no 0/o, 1/l to misread when it is read out or copied by hand.
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/** A temporary password for an admin's reset: 4 groups of 4 (`xxxx-xxxx-xxxx-xxxx`, 80 random bits). */
export function temporaryPassword(): string {
  const symbols = Array.from({ length: 16 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)])
  return [0, 4, 8, 12].map(i => symbols.slice(i, i + 4).join('')).join('-')
}

// A local part this short (li@, wu@) is inside too many good passwords to refuse them for it.
const MIN_NAME_IN_PASSWORD = 3

/**
 * Why a new password is refused, in both languages, or undefined when it is acceptable. The length is
 * the schema's (NewPasswordSchema); this adds what only the server knows: the current password, the
 * account's email and the list of common passwords.
 */
export function newPasswordFault(password: string, account: { email: string, currentPassword?: string }): { zh: string, en: string } | undefined {
  if (account.currentPassword !== undefined && password === account.currentPassword)
    return { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' }
  const name = account.email.split('@')[0]!.toLowerCase()
  if (name.length >= MIN_NAME_IN_PASSWORD && password.toLowerCase().includes(name))
    return { zh: '密码不能包含邮箱中 @ 前面的部分。', en: 'The password must not contain the part of the email before the @.' }
  if (isCommonPassword(password))
    return { zh: '这是最常见的密码之一，很容易被猜到，请换一个。', en: 'This is one of the most common passwords and easy to guess. Please choose another.' }
  return undefined
}
