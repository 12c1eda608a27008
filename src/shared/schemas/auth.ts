import type { Static } from 'typebox'
import { Type } from 'typebox'
import { STAFF_ROLES } from '../constants'
import { RowId } from './common'

export const StaffRoleSchema = Type.Enum(STAFF_ROLES)

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
export type SecondFactorBody = Static<typeof SecondFactorBodySchema>

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

export const EmptyBodySchema = Type.Object({}, { additionalProperties: false })

/** A staff member as the console sees themself. */
export const StaffMeSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
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

/** A staff account as an admin sees it in the list. */
export const StaffAccountSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
  totpEnrolled: Type.Boolean(),
})
export type StaffAccount = Static<typeof StaffAccountSchema>

/** An admin creates a staff account; the person sets up the second factor at their first sign-in. */
export const NewStaffBodySchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  displayName: Type.String({ minLength: 1, maxLength: 60 }),
  role: StaffRoleSchema,
  password: Type.String({ minLength: 12, maxLength: 200 }),
}, { additionalProperties: false })
export type NewStaffBody = Static<typeof NewStaffBodySchema>

export const StaffIdParamsSchema = Type.Object({ id: RowId() })
