import type { App, InjectionKey, Ref } from 'vue'
import type { Namespace } from './namespaces'
import { inject, ref, shallowReactive } from 'vue'
import { TIME_ZONE } from '../../shared/constants'
import zhCore from './locales/zh-CN/core.json'

/*
 * Interface strings live in message files (locales/<locale>/<namespace>.json, vue-i18n's format: nested keys, `{name}`
 * placeholders). This is a small stand-in for vue-i18n, measured before it was written: vue-i18n 11's
 * runtime costs 15.4 KB gzip and its `import * as Vue` keeps another 18 KB of Vue from being tree-shaken,
 * together over half of the 60 KB entry budget, for the three things used here: t(), d(), lazy locales.
 * Keys are type-checked against the Chinese files; a test checks that English has every key. Only `core`
 * ships in the entry: feature namespaces load before the routes that need them (namespaces.ts).
 */

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

type Catalog = Record<string, unknown>
export type Messages = typeof zhCore
  & typeof import('./locales/zh-CN/consultations.json')
  & typeof import('./locales/zh-CN/events.json')
  & typeof import('./locales/zh-CN/offline.json')
  & typeof import('./locales/zh-CN/staff.json')
type Leaves<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`> }[keyof T & string]
/** Every message key, e.g. `home.title`: a typo is a type error. */
export type MessageKey = Leaves<Messages>
export type Params = Record<string, string | number>

const DATE_FORMATS = {
  date: { year: 'numeric', month: 'long', day: 'numeric', timeZone: TIME_ZONE },
  short: { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE },
  dateTime: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE },
  /** `11月24日 14:02`, `Nov 24, 14:02`: a recent moment (composables/format.ts adds the year when it is not this one) */
  moment: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE },
  momentWithYear: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE },
  year: { year: 'numeric', timeZone: TIME_ZONE },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>
export type DateFormat = keyof typeof DATE_FORMATS

export interface I18n {
  locale: Ref<Locale>
  /** loads message namespaces for the current locale (and remembers them for a later switch) */
  load: (namespaces: readonly Namespace[]) => Promise<void>
  t: (key: MessageKey, params?: Params) => string
  d: (value: Date, format: DateFormat) => string
  n: (value: number) => string
  setLocale: (locale: Locale) => Promise<void>
  install: (app: App) => void
}

const KEY: InjectionKey<I18n> = Symbol('i18n')

// Every message file, each its own chunk: `core` for a locale other than Chinese, and every namespace.
const FILES = import.meta.glob<{ default: Catalog }>(['./locales/*/*.json', '!./locales/zh-CN/core.json'])

function lookup(messages: Catalog | undefined, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.'))
    node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}

/** Fills `{name}` placeholders. */
export function interpolate(message: string, params: Params = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => name in params ? String(params[name]) : whole)
}

/** Chinese ships in the entry; English is fetched the first time it is chosen. */
export function createAppI18n(initial: Locale = 'zh-CN'): I18n {
  const locale = ref<Locale>(initial)
  const catalogs = shallowReactive<Partial<Record<Locale, Catalog>>>({ 'zh-CN': { ...zhCore } })
  const loaded = new Set<string>(['zh-CN:core'])
  const wanted = new Set<Namespace>()
  const dateFormatters = new Map<string, Intl.DateTimeFormat>()
  // the locale being switched to: a page's messages asked for meanwhile are fetched in it too
  let switchingTo: Locale = initial

  async function ensure(target: Locale, names: readonly string[]) {
    const missing = names.filter(n => !loaded.has(`${target}:${n}`))
    if (!missing.length)
      return
    const files = await Promise.all(missing.map(n => FILES[`./locales/${target}/${n}.json`]!()))
    catalogs[target] = Object.assign({}, catalogs[target], ...files.map(f => f.default))
    missing.forEach(n => loaded.add(`${target}:${n}`))
  }

  const i18n: I18n = {
    locale,
    async load(namespaces) {
      namespaces.forEach(n => wanted.add(n))
      await Promise.all([...new Set([locale.value, switchingTo])].map(l => ensure(l, namespaces)))
    },
    t: (key, params) => interpolate(lookup(catalogs[locale.value], key) ?? lookup(catalogs['zh-CN'], key) ?? key, params),
    d(value, format) {
      const id = `${locale.value}:${format}`
      let formatter = dateFormatters.get(id)
      if (!formatter) {
        formatter = new Intl.DateTimeFormat(locale.value, DATE_FORMATS[format])
        dateFormatters.set(id, formatter)
      }
      return formatter.format(value)
    },
    n: value => new Intl.NumberFormat(locale.value).format(value),
    async setLocale(next) {
      switchingTo = next
      await ensure(next, ['core', ...wanted])
      locale.value = next
      document.documentElement.lang = next
    },
    install(app) {
      app.provide(KEY, i18n)
    },
  }
  return i18n
}

/** The app's i18n inside a component's setup. */
export function useI18n(): I18n {
  const i18n = inject(KEY)
  if (!i18n)
    throw new Error('useI18n() called outside the app')
  return i18n
}

/** The locale a first visit should use: the browser's first language we have. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase()
    if (l.startsWith('zh'))
      return 'zh-CN'
    if (l.startsWith('en'))
      return 'en'
  }
  return 'zh-CN'
}
