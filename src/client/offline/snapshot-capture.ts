// Makes the snapshot of the page on screen (offline/snapshots.ts): loaded on its own, in an idle moment after a
// public page has rendered (composables/page-snapshot.ts). Only our own rendered DOM goes in, cleaned; a page
// showing anything of the resident's own (a block marked `data-snapshot="never"`, such as their ticket) or
// anything that cannot be replayed under the site's CSP (an inline style) gets none, and loses the one it had.
import type { PageSnapshot } from './snapshot-cache'
import { runtimeCacheOf } from './kinds'
import { hashText, snapshotKey } from './snapshot-cache'
import { settingsKey, SNAPSHOT_CACHE, SNAPSHOT_SETTINGS_KEY, snapshotPath } from './snapshots'

interface Settings { locale: string, elderMode: boolean }
/** The API reads the page rendered (api/http.ts pageReads): passed in, so this chunk needs nothing of Vue's. */
type Reads = ReadonlyMap<string, { text: string, date: string | null }>

/** The snapshot keeps the page down to this many screen heights: what a first look needs, and quick to parse. */
const SCREENS = 2
/** At most this many pages keep a snapshot; the oldest goes first. */
const SNAPSHOT_LIMIT = 20
const MAX_HTML = 200_000
const UNSAFE_ELEMENTS = 'script, style, noscript, template, iframe, frame, frameset, object, embed, link, meta, base, xmp, noembed, noframes, plaintext, foreignObject, use, animate, set, [data-snapshot="omit"]'
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'poster', 'action', 'formaction', 'xlink:href']
const TEXT_INPUTS = new Set(['', 'text', 'search', 'email', 'tel', 'url', 'number', 'password'])

/**
 * A copy of `live` without what starts below `limit` (px from the top of the page): only what is kept is
 * cloned, so a long document costs no more than its first screens.
 */
function copyAbove(live: Element, limit: number): Element {
  const copy = live.cloneNode(false) as Element
  for (const child of live.childNodes) {
    if (!(child instanceof Element)) {
      copy.append(child.cloneNode())
      continue
    }
    const rect = child.getBoundingClientRect()
    if (rect.top + scrollY > limit)
      continue
    copy.append(rect.bottom + scrollY > limit ? copyAbove(child, limit) : child.cloneNode(true))
  }
  return copy
}

/**
 * Our own markup, made inert for replay: no scripts or styles, no handlers, no ids (the app's own come after it).
 * What the resident typed is never in it: the markup has a field's attributes, not its current value (v-model
 * sets properties), and the value attribute and a textarea's text go too.
 */
function clean(root: Element) {
  root.querySelectorAll(UNSAFE_ELEMENTS).forEach(el => el.remove())
  // hidden by v-show: no box, so leaving it out changes nothing on screen (and the CSP would drop the style)
  root.querySelectorAll<HTMLElement>('[style]').forEach((el) => {
    if (el.style.length === 1 && el.style.display === 'none')
      el.remove()
  })
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const { name, value } of [...el.attributes]) {
      if (name.startsWith('on') || name === 'id' || name === 'autofocus' || name === 'autoplay'
        || (URL_ATTRIBUTES.includes(name) && /^\s*(?:javascript|data|vbscript):/i.test(value))) {
        el.removeAttribute(name)
      }
    }
    if (el instanceof HTMLDetailsElement || el instanceof HTMLDialogElement)
      el.removeAttribute('open')
    if (el instanceof HTMLInputElement && TEXT_INPUTS.has(el.getAttribute('type') ?? ''))
      el.removeAttribute('value')
    if (el instanceof HTMLTextAreaElement)
      el.textContent = ''
    if (el instanceof HTMLMediaElement)
      el.setAttribute('preload', 'none')
  }
}

/** What the page would keep as its snapshot now, or why not (for the tests and the e2e). */
export function makeSnapshot(path: string, settings: Settings, pageReads: Reads): PageSnapshot | string {
  const app = document.getElementById('app')
  const main = app?.querySelector('main')
  if (!app || !main || app.hidden || document.getElementById('page-snapshot'))
    return 'the app is not on screen'
  if (snapshotPath(new URL(location.href)) !== path)
    return 'not a public page'
  // what the page shows of this device's own (the resident's ticket on an event page) is marked by the page;
  // a password field or a link with a token is never kept whatever the page says
  if (main.querySelector('[data-snapshot="never"], input[type="password"], a[href*="token"]'))
    return 'the page shows something of the resident\'s own'
  const reads = [...pageReads]
  if (reads.length === 0 || reads.some(([p]) => !runtimeCacheOf(p)))
    return 'the page read something that is not a public read'
  const copy = app.cloneNode(false) as Element
  for (const child of app.children)
    copy.append(child === main ? copyAbove(main, innerHeight * SCREENS) : child.cloneNode(true))
  clean(copy)
  if (copy.querySelector('[style]'))
    return 'an inline style cannot be replayed under the CSP'
  const html = copy.innerHTML
  if (html.length > MAX_HTML)
    return 'too large'
  return {
    v: 1,
    path,
    title: document.title,
    html,
    styles: [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map(l => new URL(l.href)).filter(u => u.origin === location.origin && u.pathname.startsWith('/assets/')).map(u => u.pathname),
    entry: document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? '',
    locale: settings.locale,
    elderMode: settings.elderMode,
    reads: Object.fromEntries(reads.map(([p, r]) => [p, hashText(r.text)])),
    dateLine: main.querySelector('[data-content-date]') !== null,
  }
}

/**
 * Keeps the page's snapshot (or removes the one it had when it may no longer have one). The answers it was made
 * from go into the worker's runtime caches when they are not there yet (a first visit, before the worker took
 * the page), so the next visit reads them from the device, and the worker can tell the snapshot is still true.
 */
export async function captureSnapshot(path: string, settings: Settings, pageReads: Reads): Promise<void> {
  // a page the router reused for another path, still loading what it shows: its snapshot (checked by the
  // worker against the caches anyway) stays as it is
  if (pageReads.size === 0)
    return
  const snapshot = makeSnapshot(path, settings, pageReads)
  const cache = await caches.open(SNAPSHOT_CACHE)
  if (typeof snapshot === 'string') {
    await cache.delete(snapshotKey(path))
    return
  }
  for (const [read, { text, date }] of pageReads) {
    const runtime = await caches.open(runtimeCacheOf(read)!)
    if (!(await runtime.match(read, { ignoreVary: true })))
      await runtime.put(read, new Response(text, { headers: { 'content-type': 'application/json; charset=utf-8', ...(date ? { date } : {}) } }))
  }
  await cache.put(snapshotKey(path), new Response(JSON.stringify(snapshot), { headers: { 'content-type': 'application/json' } }))
  // the settings store writes the key whenever the settings change (stores/settings.ts); until then, or when the
  // browser cleared it, the page writes the settings it has
  if (!(await cache.match(SNAPSHOT_SETTINGS_KEY)))
    await cache.put(SNAPSHOT_SETTINGS_KEY, new Response(settingsKey(settings)))
  // bounded: the oldest pages lose theirs
  const keys = (await cache.keys()).filter(r => new URL(r.url).pathname !== SNAPSHOT_SETTINGS_KEY)
  for (const old of keys.slice(0, Math.max(0, keys.length - SNAPSHOT_LIMIT)))
    await cache.delete(old)
}
