/**
 * Whether a database error (or one it caused: drizzle wraps the driver's) is a unique violation, SQLSTATE
 * 23505: the unique index already holds the value, so the caller answers a conflict rather than a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string, cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505')
      return true
  }
  return false
}
