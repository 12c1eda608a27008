import { Type } from 'typebox'

/** A calendar date as the API writes it: a day in Shanghai, `YYYY-MM-DD`. */
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
/** An instant, ISO 8601 with its offset (the API sends UTC). */
export const IsoDateTime = Type.String({ format: 'date-time' })

/** A row's id, as PostgreSQL's `integer` holds it: a larger number is a 400, never a database error. */
export const RowId = (options: { description?: string } = {}) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, ...options })

/** The params of a route under `/:id`. */
export const IdParamsSchema = Type.Object({ id: RowId() })

/** The body of a state change that needs no input: JSON (plugins/security.ts), and nothing in it. */
export const EmptyBodySchema = Type.Object({}, { additionalProperties: false })

/** Why a member of staff asks for personal data in full (a phone number, a contact): written to the audit log. */
export const RevealBodySchema = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false })

/** A resident's contact (phone or email) in full, as they gave it with their question or comment. */
export const ContactRevealSchema = Type.Object({ contact: Type.String() })
