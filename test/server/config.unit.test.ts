import { describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv, loadEnv } from '../../src/server/config'

describe('the environment', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

  it('takes the first admin\'s TOTP secret in development and tests only', () => {
    expect(loadEnv({ NODE_ENV: 'test', GONGKAI_ADMIN_TOTP_SECRET: secret }).GONGKAI_ADMIN_TOTP_SECRET).toBe(secret)
    expect(() => loadEnv({ NODE_ENV: 'production', GONGKAI_ADMIN_TOTP_SECRET: secret })).toThrow(ConfigError)
    expect(() => loadEnv({ NODE_ENV: 'production', GONGKAI_ADMIN_TOTP_SECRET: secret })).toThrow(/not allowed in production/)
    expect(loadEnv({ NODE_ENV: 'production' }).NODE_ENV).toBe('production')
  })

  it('names each invalid variable', () => {
    expect(() => loadEnv({ GONGKAI_ADMIN_TOTP_SECRET: 'not base32!' })).toThrow(/GONGKAI_ADMIN_TOTP_SECRET/)
  })

  it('trusts X-Forwarded-For from no proxy by default, or from named proxies, or a number of hops', () => {
    const trust = (value?: string) => configFromEnv(loadEnv(value === undefined ? {} : { GONGKAI_TRUST_PROXY: value })).trustProxy
    expect(trust()).toBe(false)
    expect(trust('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1')
    const oneHop = trust('1') as (address: string, hop: number) => boolean
    expect([oneHop('10.0.0.1', 0), oneHop('203.0.113.9', 1)]).toEqual([true, false])
    expect(trust('true')).toBe(true)
    expect(() => loadEnv({ GONGKAI_TRUST_PROXY: 'everyone' })).toThrow(/GONGKAI_TRUST_PROXY/)
  })
})
