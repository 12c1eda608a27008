import type { Static } from 'typebox'
import { resolve } from 'node:path'
import { Type } from 'typebox'
import Value from 'typebox/value'
import { STAFF_PASSWORD_MIN_LENGTH } from '../shared/constants'
import { AUDIT_MIN_RETENTION_DAYS } from './services/audit'

/**
 * Every setting the server reads from the environment, with its default. This schema is the single
 * place configuration is described; the README's table of environment variables mirrors it.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATA_DIR: Type.String({ default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  GONGKAI_PUBLIC_ORIGIN: Type.Optional(Type.String({ pattern: '^https?://[^/]+$', description: 'The origin residents use, e.g. https://gongkai.example.gov.cn; defaults to the request Host' })),
  GONGKAI_TRUST_PROXY: Type.String({ default: 'false', pattern: '^(true|false|\\d{1,2}|[0-9A-Fa-f:.,/ ]+)$', description: 'false; the proxy\'s addresses or CIDRs (comma-separated); the number of proxy hops; or true (any hop: the client could choose its own address)' }),
  GONGKAI_ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  GONGKAI_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: STAFF_PASSWORD_MIN_LENGTH })),
  GONGKAI_ADMIN_TOTP_SECRET: Type.Optional(Type.String({ pattern: '^[A-Z2-7]{16,}=*$', description: 'The first admin\'s TOTP secret in base32 (development and tests); otherwise they enrol at first sign-in' })),
  GONGKAI_AUDIT_RETENTION_DAYS: Type.Integer({ minimum: AUDIT_MIN_RETENTION_DAYS, default: 365, description: `Audit log rows older than this are deleted (at least ${AUDIT_MIN_RETENTION_DAYS} days)` }),
  GONGKAI_CLIENT_DIR: Type.String({ default: 'dist', description: 'The built client to serve' }),
  GONGKAI_DEMO: Type.Boolean({ default: true, description: 'Load demo content on first start' }),
  GONGKAI_BODY_LIMIT: Type.Integer({ minimum: 1024, default: 262_144, description: 'Largest request body in bytes' }),
  GONGKAI_RATE_LIMIT: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  GONGKAI_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600, description: 'API requests per minute per IP' }),
  GONGKAI_LOGIN_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10, description: 'Failed sign-in steps per account in 15 minutes before it is locked (an address: 3 × this)' }),
  GONGKAI_MIN_FILL_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 3000, description: 'Public forms submitted sooner after they were shown are refused (anti-automation)' }),
  GONGKAI_READ_CACHE_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1000, description: 'How long a process may answer a public read (documents, events) from memory; 0 turns it off' }),
  GONGKAI_SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, default: 30 }),
  GONGKAI_SESSION_MAX_HOURS: Type.Integer({ minimum: 1, default: 12 }),
})

export type Env = Static<typeof EnvSchema>

export interface DatabaseConfig {
  kind: 'pglite' | 'postgres'
  /** pglite: the data directory, or undefined for in-memory; postgres: the connection URL */
  location?: string
  /** pglite only: a dump of a migrated data directory to start from (tests clone a template this way) */
  loadDataDir?: Blob
  poolSize?: number
}

export interface AppConfig {
  env: Env['NODE_ENV']
  production: boolean
  database: DatabaseConfig
  publicOrigin?: string
  /** Fastify's `trustProxy`: whose `X-Forwarded-For` to believe (rate limits, sign-in locks and the audit log use the address) */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean)
  bodyLimit: number
  rateLimit: { enabled: boolean, max: number, loginMax: number }
  session: { idleMinutes: number, maxHours: number }
  /** public writes (services/anti-automation.ts): the shortest human fill time, and limits tests may lower; absent = no fill-time check */
  antiAutomation?: { minFillMs: number, limits?: Partial<Record<string, Partial<Record<'ip' | 'device' | 'phone', { max: number, minutes: number }>>>> }
  /** how long a public read may be answered from memory (plugins/read-cache.ts); 0 or unset: never */
  readCacheMs?: number
  /** audit rows older than this many days are deleted (≥ AUDIT_MIN_RETENTION_DAYS; 365 when unset) */
  auditRetentionDays?: number
  /** where the built client lives; undefined serves no static files (API tests) */
  clientDir?: string
  /** the time, for deadlines and windows; tests pin it */
  clock?: () => Date
}

/** Thrown when the environment is invalid: the message lists every bad variable. */
export class ConfigError extends Error {}

/** Reads and validates the environment once, at start. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const raw = source[key]
    if (raw !== undefined && raw !== '')
      picked[key] = raw
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, picked))
  if (!Value.Check(EnvSchema, converted)) {
    const problems = [...Value.Errors(EnvSchema, converted)].map(e => `${e.instancePath.slice(1) || '(env)'}: ${e.message}`)
    throw new ConfigError(`Invalid environment:\n  ${problems.join('\n  ')}`)
  }
  // a second factor whose secret sits in the environment is no second factor: tests and development only
  if ((converted as Env).NODE_ENV === 'production' && (converted as Env).GONGKAI_ADMIN_TOTP_SECRET)
    throw new ConfigError('Invalid environment:\n  GONGKAI_ADMIN_TOTP_SECRET: not allowed in production; the first admin enrols an authenticator at first sign-in')
  return converted as Env
}

function trustProxyOf(value: string): AppConfig['trustProxy'] {
  if (value === 'true' || value === 'false')
    return value === 'true'
  if (/^\d+$/.test(value)) {
    // the nearest `hops` addresses are proxies (Fastify's own reading of a number, which its types leave out)
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return value.split(',').map(s => s.trim()).filter(Boolean).join(',')
}

/** Turns the validated environment into the app's options. */
export function configFromEnv(env: Env, clientDir?: string): AppConfig {
  return {
    env: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    database: env.DATABASE_URL
      ? { kind: 'postgres', location: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'pglite', location: resolve(env.DATA_DIR, 'pglite') },
    publicOrigin: env.GONGKAI_PUBLIC_ORIGIN,
    trustProxy: trustProxyOf(env.GONGKAI_TRUST_PROXY),
    bodyLimit: env.GONGKAI_BODY_LIMIT,
    rateLimit: { enabled: env.GONGKAI_RATE_LIMIT === 'on', max: env.GONGKAI_RATE_LIMIT_MAX, loginMax: env.GONGKAI_LOGIN_LIMIT_MAX },
    session: { idleMinutes: env.GONGKAI_SESSION_IDLE_MINUTES, maxHours: env.GONGKAI_SESSION_MAX_HOURS },
    antiAutomation: { minFillMs: env.GONGKAI_RATE_LIMIT === 'on' ? env.GONGKAI_MIN_FILL_MS : 0 },
    auditRetentionDays: env.GONGKAI_AUDIT_RETENTION_DAYS,
    readCacheMs: env.GONGKAI_READ_CACHE_MS,
    clientDir,
  }
}
