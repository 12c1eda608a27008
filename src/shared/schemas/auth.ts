import type { Static } from 'typebox'
import { Type } from 'typebox'
import { SESSION_BROWSERS, SESSION_SYSTEMS, STAFF_PASSWORD_MAX_LENGTH, STAFF_PASSWORD_MIN_LENGTH, STAFF_ROLES } from '../constants'
import { IsoDateTime } from './common'

export const StaffRoleSchema = Type.Enum(STAFF_ROLES)

/** A new staff password (12 to 128 characters); the server also refuses common ones and the current one. */
export const NewPasswordSchema = Type.String({ minLength: STAFF_PASSWORD_MIN_LENGTH, maxLength: STAFF_PASSWORD_MAX_LENGTH })

// Wider than a new password may be, so no password set before the limits existed is cut off.
export const LoginBodySchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false })
export type LoginBody = Static<typeof LoginBodySchema>

/** After the password: the second step, a code from the authenticator app or, first, enrolling one. */
export const LoginStepSchema = Type.Object({
  next: Type.Enum(['code', 'enrol'] as const),
})
export type LoginStep = Static<typeof LoginStepSchema>

/** A six-digit TOTP code, or a one-time recovery code (`xxxx-xxxx-xxxx`). */
export const SecondFactorBodySchema = Type.Object({
  code: Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Za-z -]+$' }),
}, { additionalProperties: false })

/** What enrolment shows once: the secret as a QR code (the URI) and in groups for typing. */
export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String(),
  uri: Type.String(),
})
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>

/** One-time recovery codes, shown once; only their hashes are kept. */
export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String()),
})
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>

/** A staff member as the console sees themself. */
export const StaffMeSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
  /** the password was set by someone else (an admin's reset, a generated first password): change it first */
  mustChangePassword: Type.Boolean(),
})
export type StaffMe = Static<typeof StaffMeSchema>

/** Enrolment done: who is now signed in, and their recovery codes (shown once). */
export const EnrolledSchema = Type.Object({
  me: StaffMeSchema,
  recoveryCodes: Type.Array(Type.String()),
})
export type Enrolled = Static<typeof EnrolledSchema>

/** The 账户安全 page: the second factor's state, never its secret. */
export const AccountSecuritySchema = Type.Object({
  totpEnrolledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  recoveryCodesLeft: Type.Integer(),
})
export type AccountSecurity = Static<typeof AccountSecuritySchema>

/**
 * Renewing the recovery codes changes the second factor: the current password proves it is the account's owner,
 * not someone at an unattended, signed-in screen (a wrong one counts as a failed sign-in).
 */
export const RecoveryCodesBodySchema = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false })
export type RecoveryCodesBody = Static<typeof RecoveryCodesBodySchema>

/**
 * One of the signed-in staff member's sessions (账户安全 → 登录设备): the device it started on (a browser and a
 * system, from the User-Agent at sign-in), when it started and was last used (to the minute), and whether it is
 * the one asking. `id` names it to its owner only; the token and its hash are never answered.
 */
export const StaffSessionSchema = Type.Object({
  id: Type.Integer(),
  browser: Type.Enum(SESSION_BROWSERS),
  system: Type.Enum(SESSION_SYSTEMS),
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  current: Type.Boolean(),
})
export type StaffSession = Static<typeof StaffSessionSchema>

/** How many sessions an action ended (the other devices of one's own, or everyone's but one's own). */
export const SessionsEndedSchema = Type.Object({
  ended: Type.Integer({ minimum: 0 }),
})
export type SessionsEnded = Static<typeof SessionsEndedSchema>

/** A staff account as an admin sees it in the list. */
export const StaffAccountSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
  totpEnrolled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  /** the temporary password an admin gave has passed its 72 hours unused: it no longer opens the account */
  temporaryPasswordExpired: Type.Boolean(),
})
export type StaffAccount = Static<typeof StaffAccountSchema>

/**
 * An admin creates a staff account. The admin never chooses the password: the answer is a temporary one, shown
 * once (`CreatedStaffSchema`), which the person must change at their first sign-in, where they also set up the second
 * factor.
 */
export const NewStaffBodySchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  displayName: Type.String({ minLength: 1, maxLength: 60 }),
  role: StaffRoleSchema,
}, { additionalProperties: false })
export type NewStaffBody = Static<typeof NewStaffBodySchema>

/** A new account: its id and its temporary password, answered this once. */
export const CreatedStaffSchema = Type.Object({
  id: Type.Integer(),
  temporaryPassword: Type.String(),
})
export type CreatedStaff = Static<typeof CreatedStaffSchema>

/** A signed-in staff member changes their own password: the current one proves it is them. */
export const PasswordChangeBodySchema = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: NewPasswordSchema,
}, { additionalProperties: false })
export type PasswordChangeBody = Static<typeof PasswordChangeBodySchema>

/** An admin's reset: a temporary password, answered once; its owner must change it at the next sign-in. */
export const TemporaryPasswordSchema = Type.Object({
  temporaryPassword: Type.String(),
})
export type TemporaryPassword = Static<typeof TemporaryPasswordSchema>
