import type { Static } from 'typebox'
import { Type } from 'typebox'

/** Stable problem codes: the client keys its own messages on these, the server sends zh-CN or English text. */
export const PROBLEM_CODES = [
  'validation',
  'not-found',
  'route-not-found',
  'unauthenticated',
  'forbidden',
  'bad-origin',
  'invalid-credentials',
  'rate-limited',
  'payload-too-large',
  'unsupported-media-type',
  'conflict',
  'internal',
] as const
export type ProblemCode = typeof PROBLEM_CODES[number]

/** RFC 9457 problem details, with a stable `code` and, for a validation error, the `field` at fault. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.String(),
  field: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
})
export type Problem = Static<typeof ProblemSchema>
