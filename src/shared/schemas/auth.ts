import type { Static } from 'typebox'
import { Type } from 'typebox'
import { STAFF_ROLES } from '../constants'

export const StaffRoleSchema = Type.Enum(STAFF_ROLES)

export const LoginBodySchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false })
export type LoginBody = Static<typeof LoginBodySchema>

export const EmptyBodySchema = Type.Object({}, { additionalProperties: false })

/** A staff member as the console sees themself. */
export const StaffMeSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
})
export type StaffMe = Static<typeof StaffMeSchema>
