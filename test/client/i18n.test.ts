import { describe, expect, it } from 'vitest'
import { interpolate, preferredLocale } from '../../src/client/i18n'
import { NAMESPACES, namespacesFor } from '../../src/client/i18n/namespaces'

const files = import.meta.glob<{ default: Record<string, unknown> }>('../../src/client/i18n/locales/*/*.json', { eager: true })
const catalog = (locale: string) => Object.assign({}, ...['core', ...NAMESPACES].map(n => files[`../../src/client/i18n/locales/${locale}/${n}.json`]!.default))
const zhCN = catalog('zh-CN')
const en = catalog('en')

function keys(node: unknown, prefix = ''): string[] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map(m => m[1]!).sort()
}

describe('message files', () => {
  it('english has exactly the keys chinese has', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('every english message uses the same placeholders as its chinese one', () => {
    const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], tree) as string
    const mismatched = keys(zhCN).filter(k => placeholders(lookup(zhCN, k)).join() !== placeholders(lookup(en, k)).join())
    expect(mismatched).toEqual([])
  })
})

describe('namespaces', () => {
  it('loads a feature\'s messages for its pages only', () => {
    expect(namespacesFor('/')).toEqual([])
    expect(namespacesFor('/policies/3')).toEqual(['offline'])
    expect(namespacesFor('/interact/consultations/1')).toEqual(['consultations', 'offline'])
    expect(namespacesFor('/events/7')).toEqual(['events', 'offline'])
    expect(namespacesFor('/me/offline')).toContain('offline')
    expect(namespacesFor('/admin/questions')).toContain('staff')
    expect(namespacesFor('/admin/questions')).not.toContain('offline')
  })

  it('keeps the entry\'s messages to what the shell and the home page use', () => {
    const core = files['../../src/client/i18n/locales/zh-CN/core.json']!.default
    expect(Object.keys(core)).not.toContain('outbox')
    expect(Object.keys(core)).not.toContain('offline')
  })
})

describe('interpolate', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(interpolate('共 {n} 件，{missing}', { n: 3 })).toBe('共 3 件，{missing}')
  })
})

describe('preferredLocale', () => {
  it('follows the first browser language it knows', () => {
    expect(preferredLocale(['en-US', 'zh-CN'])).toBe('en')
    expect(preferredLocale(['zh-TW', 'en'])).toBe('zh-CN')
    expect(preferredLocale(['fr-FR', 'de'])).toBe('zh-CN')
  })
})
