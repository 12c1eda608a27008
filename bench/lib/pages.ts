// Page loads in real Chromium on a throttled phone: 390×844, 150 ms RTT, 1.6 Mbps down / 750 kbps up, CPU 4× slower
// (Chrome DevTools Protocol throttling, as Lighthouse's "devtools" mode does). First visit in a fresh profile;
// repeat visit in the same profile once the service worker is active. Metrics from PerformanceObserver.
import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { sleep } from './util'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// the flags this closed network needs (see test/e2e/support/browser.ts and shared/STACK.md)
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
export const THROTTLING = { rttMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: 4 }

export interface Visit {
  fcp: number | null
  lcp: number | null
  /** what the largest contentful paint was: tag and text */
  lcpElement: string
  tbt: number
  cls: number
  /** bytes over the network (headers included), requests, and those served by the service worker */
  transferred: number
  requests: number
  fromServiceWorker: number
  fonts: number
  thirdParty: string[]
  staffFiles: string[]
  controlled: boolean
}

export interface PageResult { name: string, path: string, first: Visit[], repeat: Visit[], errors: string[] }

const METRICS_SCRIPT = `(() => {
  const m = { fcp: null, lcp: null, lcpElement: '', cls: 0, longtasks: [] }
  window.__benchPerf = m
  const observe = (type, each) => { try { new PerformanceObserver(list => list.getEntries().forEach(each)).observe({ type, buffered: true }) } catch (e) {} }
  observe('paint', e => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime })
  observe('largest-contentful-paint', e => {
    m.lcp = e.renderTime || e.startTime
    const el = e.element
    m.lcpElement = el ? (el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' "' + (el.textContent || '').trim().slice(0, 24) + '"') : ''
  })
  // CLS as Chrome defines it: the largest session window (gaps under 1 s, at most 5 s) of unexpected shifts
  let win = 0, first = 0, last = 0
  observe('layout-shift', e => {
    if (e.hadRecentInput) return
    if (e.startTime - last > 1000 || e.startTime - first > 5000) { first = e.startTime; win = 0 }
    win += e.value; last = e.startTime; m.cls = Math.max(m.cls, win)
  })
  observe('longtask', e => m.longtasks.push([e.startTime, e.duration]))
})()`

interface RawMetrics { fcp: number | null, lcp: number | null, lcpElement: string, cls: number, longtasks: Array<[number, number]> }

/** Total blocking time as Lighthouse counts it: each long task's time past 50 ms, from first contentful paint on. */
function totalBlockingTime(m: RawMetrics): number {
  if (m.fcp === null)
    return 0
  let tbt = 0
  for (const [start, duration] of m.longtasks) {
    const end = start + duration
    if (end <= m.fcp)
      continue
    tbt += Math.max(0, end - Math.max(start, m.fcp) - 50)
  }
  return tbt
}

async function throttle(cdp: CDPSession) {
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: THROTTLING.rttMs,
    downloadThroughput: (THROTTLING.downKbps * 1000) / 8,
    uploadThroughput: (THROTTLING.upKbps * 1000) / 8,
  })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING.cpuSlowdown })
}

async function visit(context: BrowserContext, url: string, origin: string): Promise<{ page: Page, visit: Visit }> {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await throttle(cdp)
  const requests = new Map<string, { url: string, type: string, sw: boolean }>()
  let transferred = 0
  cdp.on('Network.responseReceived', (e) => {
    requests.set(e.requestId, { url: e.response.url, type: e.type, sw: Boolean(e.response.fromServiceWorker) })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId)
    if (r && !r.sw)
      transferred += e.encodedDataLength
  })
  await page.goto(url, { waitUntil: 'networkidle', timeout: 90_000 })
  // let late paints (content arriving with the API answer) and layout shifts settle
  await sleep(1000)
  const raw = await page.evaluate('window.__benchPerf') as RawMetrics
  const controlled = await page.evaluate('Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)') as boolean
  const list = [...requests.values()]
  const result: Visit = {
    fcp: raw.fcp,
    lcp: raw.lcp,
    lcpElement: raw.lcpElement,
    tbt: totalBlockingTime(raw),
    cls: raw.cls,
    transferred,
    requests: list.filter(r => !r.url.startsWith('data:')).length,
    fromServiceWorker: list.filter(r => r.sw).length,
    fonts: list.filter(r => r.type === 'Font' || /\.(?:woff2?|ttf|otf)(?:\?|$)/.test(r.url)).length,
    thirdParty: list.filter(r => /^https?:/.test(r.url) && !r.url.startsWith(origin)).map(r => r.url),
    staffFiles: list.filter(r => /\/assets\/[^/]*(?:admin|staff)[^/]*$/i.test(r.url)).map(r => r.url.slice(r.url.lastIndexOf('/') + 1)),
    controlled,
  }
  await cdp.detach().catch(() => undefined)
  return { page, visit: result }
}

/**
 * One page, `runs` times: each run a fresh phone profile (first visit), then, once the service worker is
 * active, the same page again in a new tab (repeat visit). `repeat: false` for pages without a worker.
 */
export async function measurePage(origin: string, name: string, path: string, runs: number, opts: { repeat: boolean }): Promise<PageResult> {
  const result: PageResult = { name, path, first: [], repeat: [], errors: [] }
  for (let run = 0; run < runs; run++) {
    const profile = mkdtempSync(join(tmpdir(), 'gongkai-bench-profile-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      serviceWorkers: 'allow',
    })
    try {
      await context.addInitScript(METRICS_SCRIPT)
      const first = await visit(context, `${origin}${path}`, origin)
      result.first.push(first.visit)
      // the worker installs (precaches the shell) after the load event: wait until it is active.
      // The floor has no worker: its repeat visit is the HTTP cache's.
      if (opts.repeat)
        await first.page.evaluate(`Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('no active service worker within 60 s')), 60000))]).then(() => true)`)
      await first.page.close()
      const repeat = await visit(context, `${origin}${path}`, origin)
      result.repeat.push(repeat.visit)
      await repeat.page.close()
    }
    catch (error) {
      result.errors.push(`run ${run + 1}: ${(error as Error).message.split('\n')[0]}`)
    }
    finally {
      await context.close().catch(() => undefined)
      rmSync(profile, { recursive: true, force: true })
    }
  }
  return result
}
