import { Type } from 'typebox'

/** The Idempotency-Key header every public write carries: a client-made random id (a UUID fits). */
export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.String({ minLength: 16, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
})
