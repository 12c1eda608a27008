// `npm run bench`: measures the app against its physical floor, every figure as a ratio taken in the same run
// (these machines are shared and noisy), and prints a table plus bench/results/latest.json.
// `npm run bench -- --quick` shortens every measurement for a smoke run (about 3 minutes).
// `npm run bench -- --only=pages,signups` runs only the parts named (bytes, pages, api, signups, search) and
// writes bench/results/only-<parts>.json: for working on one figure; compare ratios within one run.
//
//   1. bytes       the resident entry and each route, raw / gzip / brotli (scripts/sizes.mjs)
//   2. page loads  Chromium on a throttled phone, first and repeat visit, against the same text as static HTML
//   3. API reads   autocannon, 100 connections, against a trivial JSON route on the same server, PGlite and PostgreSQL
//   4. search      p50/p95 over generated libraries of 1,000 / 10,000 / 100,000 documents
//   5. sign-ups    hundreds of concurrent sign-ups for a few dozen places, against a single-row UPDATE loop / pgbench;
//                  5b where a sign-up's time goes, 5c the CPU each process spends on one (lib/cpu.ts)
//   6. memory      the server's peak RSS after the load
//   7. scale       server processes for Shanghai's open-month peak, from the measured requests per second
// A goal missed is reported, never fatal; the command fails only when the app under test is broken.
import type { LoadResult } from './lib/load'
import type { PageResult, Visit } from './lib/pages'
import type { BenchServer, Postgres } from './lib/processes'
import type { SearchScale } from './lib/search'
import type { RushResult } from './lib/signup'
import type { SizesResult } from './lib/sizes'
import { spawnSync } from 'node:child_process'
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/server/db/client'
import { postgresPids } from './lib/cpu'
import { loadTargets } from './lib/load'
import { CHROMIUM, measurePage, THROTTLING } from './lib/pages'
import { cleanupAll, startPostgres, startServer } from './lib/processes'
import { addDocuments, BODY_CHARS, makeGenerator, measureSearch, searchQueries } from './lib/search'
import { signupRush } from './lib/signup'
import { measureSizes } from './lib/sizes'
import { elapsedSeconds, median, progress, round } from './lib/util'

const quick = process.argv.includes('--quick')
const PARTS = ['bytes', 'pages', 'api', 'signups', 'search'] as const
const onlyArg = process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean)
const unknownPart = onlyArg?.find(p => !(PARTS as readonly string[]).includes(p))
if (unknownPart)
  throw new Error(`--only: unknown part "${unknownPart}"; the parts are ${PARTS.join(', ')}`)
/** Whether this run measures a part (every part unless --only names some). */
const resultsFile = onlyArg ? `only-${onlyArg.join('-')}.json` : 'latest.json'
const wants = (part: typeof PARTS[number]) => !onlyArg || onlyArg.includes(part)
const RESULTS = 'bench/results'
const C = quick
  ? { pageRuns: 1, loadSeconds: 2, connections: 100, rushRequests: 500, rushCapacity: 40, rushRounds: 1, rushWarmRounds: 1, floorSeconds: 2, pgSizes: [1000, 10_000], liteSizes: [1000], searchBudgetMs: 3000 }
  : { pageRuns: 3, loadSeconds: 5, connections: 100, rushRequests: 500, rushCapacity: 40, rushRounds: 3, rushWarmRounds: 6, floorSeconds: 5, pgSizes: [1000, 10_000, 100_000], liteSizes: [1000, 10_000], searchBudgetMs: 12_000 }
const rushOptions = { requests: C.rushRequests, capacity: C.rushCapacity, rounds: C.rushRounds, warmRounds: C.rushWarmRounds }

// The goals of issue 8; the budgets that `npm run build` enforces are read from scripts/sizes.mjs.
const GOALS = {
  lcpMs: 1800,
  tbtMs: 100,
  cls: 0.02,
  repeatLcpMs: 500,
  homeTransferBytes: 150 * 1024,
  apiRatioPglite: 2,
  apiRatioPostgres: 3,
  apiP99Ms: 20,
  search10kP95Ms: 50,
  search100kP95Ms: 150,
  signupRatio: 3,
  signupP99Ms: 250,
}

interface DbRun {
  db: 'pglite' | 'postgres'
  api: LoadResult[]
  rush: RushResult[]
  /** single-row UPDATEs per second on the same database: the sign-up floor */
  updateFloor: { perSecond: number, how: string }
  /** in one server process, without HTTP, 10 at a time: single-row UPDATEs and whole sign-ups per second */
  steps?: { updates: number, signUps: number }
  peakRssBytes: number[]
}

const report: {
  startedAt: string
  quick: boolean
  machine: Record<string, string | number>
  sizes?: SizesResult
  pages?: { throttling: typeof THROTTLING, runs: number, results: PageResult[] }
  dbs: DbRun[]
  search: SearchScale[]
  scale?: Record<string, number | string>
  errors: string[]
  seconds?: number
} = {
  startedAt: new Date().toISOString(),
  quick,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'not found',
  },
  dbs: [],
  search: [],
  errors: [],
}
let appBroken = false

async function phase(name: string, fn: () => Promise<void>) {
  progress(`${name}…`)
  try {
    await fn()
  }
  catch (error) {
    const message = `${name}: ${(error as Error).message}`
    report.errors.push(message)
    console.error(`  ✗ ${message}`)
    if (/app under test is broken/.test(message))
      appBroken = true
  }
}

async function buildIfStale() {
  const path = '../scripts/build-if-stale.mjs'
  const { buildIfStale } = await import(path) as { buildIfStale: (o?: { quiet?: boolean }) => boolean }
  const built = buildIfStale({ quiet: false })
  progress(built ? 'built dist/' : 'dist/ is up to date')
}

const dataDirs: string[] = []
let clientDir = 'dist'

/**
 * A copy of dist/ for the whole run: the sizes are measured on it and the servers serve it, so a build
 * someone starts meanwhile cannot swap files under a page load. Taken again if it is caught mid-build.
 */
function snapshotDist(): string {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-dist-'))
    dataDirs.push(dir)
    cpSync('dist', dir, { recursive: true })
    const html = readFileSync(join(dir, 'index.html'), 'utf8')
    const sw = existsSync(join(dir, 'sw.js')) ? readFileSync(join(dir, 'sw.js'), 'utf8') : ''
    const wanted = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g), ...sw.matchAll(/"url":"([^"]+)"/g)].map(m => m[1]!)
    const missing = wanted.filter(f => !existsSync(join(dir, f)))
    if (sw && missing.length === 0)
      return dir
    if (attempt >= 5)
      throw new Error(`dist/ is incomplete (${sw ? missing.slice(0, 3).join(', ') : 'no sw.js'}): the app under test is broken`)
    progress(`  dist/ is being rebuilt (${missing.length} files missing); trying again in 10 s`)
    spawnSync('sleep', ['10'])
  }
}
function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-data-'))
  dataDirs.push(dir)
  return dir
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url)
  if (!res.ok)
    throw new Error(`${url} answered ${res.status}: the app under test is broken`)
  return await res.json() as T
}

/** The ids the pages and the API targets need: the 2023 Pudong plan and the first upcoming event. */
async function demoIds(base: string) {
  const list = await json<{ items: Array<{ id: number, slug: string }> }>(`${base}/api/documents?limit=50`)
  const pudong = list.items.find(d => d.slug === 'pudong-2023-gongkai-yaodian')
  const events = await json<{ items: Array<{ id: number }> }>(`${base}/api/events`)
  if (!pudong || !events.items[0])
    throw new Error('the demo content has no 2023 Pudong plan or no event: the app under test is broken')
  return { documentId: pudong.id, eventId: events.items[0].id }
}

function apiTargets(ids: { documentId: number, eventId: number }) {
  return [
    { name: 'floor', path: '/bench/floor' },
    { name: 'document list', path: '/api/documents' },
    { name: 'document', path: `/api/documents/${ids.documentId}` },
    { name: 'search', path: `/api/documents?q=${encodeURIComponent('政务公开')}` },
    { name: 'event list', path: '/api/events' },
  ]
}

async function postBench<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok)
    throw new Error(`${url} answered ${res.status}: ${await res.text()}`)
  return await res.json() as T
}

async function updateFloorLoop(base: string, seconds: number) {
  return (await postBench<{ perSecond: number }>(`${base}/bench/update-floor`, { ms: seconds * 1000 })).perSecond
}

/** Where a sign-up's time goes, in the server process with no HTTP: the UPDATE and the sign-up, 10 at a time (the pool's size). */
function signupSteps(base: string, seconds: number): Promise<NonNullable<DbRun['steps']>> {
  return postBench(`${base}/bench/signup-steps`, { ms: seconds * 1000, concurrency: 10, capacity: C.rushCapacity })
}

function pgbench(pg: Postgres, seconds: number, clients: number): number {
  const url = new URL(pg.url)
  const script = join(pg.dir, 'update.sql')
  writeFileSync(script, 'update bench_floor set n = n + 1 where id = 1;\n')
  const owner = statSync(pg.dir)
  chownSync(script, owner.uid, owner.gid)
  const conn = ['-h', url.hostname, '-p', url.port, '-U', 'postgres']
  pg.tool('psql', [...conn, '-d', 'gongkai', '-c', 'create table if not exists bench_floor (id int primary key, n bigint not null); insert into bench_floor values (1, 0) on conflict do nothing;'])
  const result = pg.tool('pgbench', [...conn, '-n', '-f', script, '-c', String(clients), '-j', '2', '-T', String(seconds), 'gongkai'])
  const tps = /tps = ([\d.]+)/.exec(result.stdout)?.[1]
  if (!tps)
    throw new Error(`pgbench failed: ${result.stderr || result.stdout}`)
  return Number(tps)
}

// ---------------------------------------------------------------------------------------------------------
// the run

async function main() {
  mkdirSync(RESULTS, { recursive: true })
  progress(`npm run bench${quick ? ' --quick' : ''}: ${report.machine.cores} cores, ${report.machine.cpu}, Node ${process.version}`)

  await phase('build (scripts/build-if-stale.mjs)', buildIfStale)

  await phase('snapshot of dist/', async () => {
    clientDir = snapshotDist()
  })

  if (wants('bytes')) {
    await phase('1. bytes (scripts/sizes.mjs)', async () => {
      report.sizes = await measureSizes(clientDir)
    })
  }

  // --- PGlite: page loads, API reads, sign-ups -----------------------------------------------------------
  let lite: BenchServer | undefined
  let liteIds: { documentId: number, eventId: number } | undefined
  if (wants('pages') || wants('api') || wants('signups')) {
    await phase('PGlite server start', async () => {
      lite = await startServer('pglite', { DATA_DIR: freshDataDir(), BENCH_CLIENT_DIR: clientDir }, RESULTS)
      liteIds = await demoIds(lite.url)
    })
  }
  if (wants('pages')) {
    await phase('2. page loads (PGlite server)', async () => {
      if (!lite || !liteIds)
        throw new Error('no PGlite server')
      const pages = [
        { name: 'floor: static HTML', path: '/bench/floor/pudong-2023', repeat: false },
        { name: 'home', path: '/', repeat: true },
        { name: 'policy list', path: '/policies', repeat: true },
        { name: 'document (2023 Pudong)', path: `/policies/${liteIds.documentId}`, repeat: true },
        { name: 'event', path: `/events/${liteIds.eventId}`, repeat: true },
      ]
      report.pages = { throttling: THROTTLING, runs: C.pageRuns, results: [] }
      for (const p of pages) {
        const r = await measurePage(lite.url, p.name, p.path, C.pageRuns, { repeat: p.repeat })
        report.pages.results.push(r)
        progress(`  page ${p.name.padEnd(24)} LCP first ${fmtMs(medianOf(r.first, 'lcp'))}, repeat ${fmtMs(medianOf(r.repeat, 'lcp'))}${r.errors.length ? ` (${r.errors.join('; ')})` : ''}`)
        report.errors.push(...r.errors.map(e => `page ${p.name}: ${e}`))
      }
    })
  }
  if (wants('api') || wants('signups')) {
    await phase('3, 5, 6. API reads and sign-up rush (PGlite server)', async () => {
      if (!lite || !liteIds)
        throw new Error('no PGlite server')
      const run: DbRun = { db: 'pglite', api: [], rush: [], updateFloor: { perSecond: 0, how: '' }, peakRssBytes: [] }
      report.dbs.push(run)
      if (wants('api'))
        run.api = await loadTargets(lite.url, apiTargets(liteIds), { connections: C.connections, duration: C.loadSeconds, label: 'pglite', cpu: { server: () => [lite!.pid] } })
      if (wants('signups')) {
        run.rush.push(await signupRush('one process', [lite], { ...rushOptions, cpu: { server: () => [lite!.pid] } }))
        progress(`  pglite sign-ups: ${fmtRush(run.rush.at(-1)!)}`)
        run.updateFloor = { perSecond: await updateFloorLoop(lite.url, C.floorSeconds), how: 'a loop of one single-row UPDATE in the server process' }
        progress(`  pglite single-row UPDATE floor: ${run.updateFloor.perSecond.toFixed(0)}/s`)
        run.steps = await signupSteps(lite.url, C.floorSeconds)
        progress(`  pglite without HTTP, 10 at a time: ${run.steps.updates.toFixed(0)} UPDATEs/s, ${run.steps.signUps.toFixed(0)} sign-ups/s`)
      }
      run.peakRssBytes.push(lite.peakRss())
    })
  }
  await lite?.stop()

  // --- PostgreSQL: API reads, sign-ups (one and two processes), pgbench, search scaling -------------------
  let pg: Postgres | undefined
  if (wants('api') || wants('signups') || wants('search')) {
    await phase('PostgreSQL 15 start', async () => {
      pg = await startPostgres()
      report.machine.postgres = pg.tool('postgres', ['--version']).stdout.trim()
    })
  }
  if (wants('api') || wants('signups')) {
    await phase('3-6. PostgreSQL 15 server: API reads, sign-up rush, pgbench', async () => {
      if (!pg)
        throw new Error('no PostgreSQL')
      const first = await startServer('postgres-1', { DATABASE_URL: pg.url, BENCH_CLIENT_DIR: clientDir }, RESULTS)
      const dataDir = join(pg.dir, 'data')
      const database = () => postgresPids(dataDir)
      const run: DbRun = { db: 'postgres', api: [], rush: [], updateFloor: { perSecond: 0, how: '' }, peakRssBytes: [] }
      report.dbs.push(run)
      try {
        const ids = await demoIds(first.url)
        if (wants('api'))
          run.api = await loadTargets(first.url, apiTargets(ids), { connections: C.connections, duration: C.loadSeconds, label: 'postgres', cpu: { server: () => [first.pid], database } })
        if (wants('signups')) {
          run.rush.push(await signupRush('one process', [first], { ...rushOptions, cpu: { server: () => [first.pid], database } }))
          progress(`  postgres sign-ups, one process: ${fmtRush(run.rush.at(-1)!)}`)
          const second = await startServer('postgres-2', { DATABASE_URL: pg.url, BENCH_CLIENT_DIR: clientDir }, RESULTS)
          try {
            run.rush.push(await signupRush('two processes', [first, second], { ...rushOptions, cpu: { server: () => [first.pid, second.pid], database } }))
            progress(`  postgres sign-ups, two processes: ${fmtRush(run.rush.at(-1)!)}`)
            run.peakRssBytes.push(second.peakRss())
          }
          finally {
            await second.stop()
          }
          run.updateFloor = { perSecond: pgbench(pg, C.floorSeconds, 10), how: 'pgbench, 10 clients (the server\'s pool size), one single-row UPDATE per transaction' }
          progress(`  postgres single-row UPDATE floor (pgbench): ${run.updateFloor.perSecond.toFixed(0)}/s`)
          run.steps = await signupSteps(first.url, C.floorSeconds)
          progress(`  postgres without HTTP, 10 at a time: ${run.steps.updates.toFixed(0)} UPDATEs/s, ${run.steps.signUps.toFixed(0)} sign-ups/s`)
        }
        run.peakRssBytes.unshift(first.peakRss())
      }
      finally {
        await first.stop()
      }
    })
  }

  if (wants('search')) {
    await phase('4. search scaling on PostgreSQL', async () => {
      if (!pg)
        throw new Error('no PostgreSQL')
      pg.tool('psql', ['-h', '127.0.0.1', '-p', new URL(pg.url).port, '-U', 'postgres', '-c', 'create database gongkai_search'])
      const url = pg.url.replace(/\/gongkai$/, '/gongkai_search')
      await searchScaling('postgres', { kind: 'postgres', location: url, poolSize: 2 }, C.pgSizes)
    })
  }
  pg?.stop()

  if (wants('search')) {
    await phase('4. search scaling on PGlite', async () => {
      await searchScaling('pglite', { kind: 'pglite' }, C.liteSizes)
    })
  }

  report.scale = scaleOnPaper()
  report.seconds = elapsedSeconds()
  writeFileSync(join(RESULTS, resultsFile), `${JSON.stringify(report, null, 2)}\n`)
  printTable()
  progress(`done in ${report.seconds.toFixed(0)} s; wrote ${join(RESULTS, resultsFile)}`)
  if (appBroken)
    process.exitCode = 1
}

async function searchScaling(kind: 'pglite' | 'postgres', config: Parameters<typeof openDatabase>[0], sizes: number[]) {
  const database = await openDatabase(config)
  try {
    const generate = makeGenerator()
    const queries = searchQueries(generate)
    let have = 0
    for (const size of sizes) {
      progress(`  ${kind}: adding documents ${have.toLocaleString('en')} → ${size.toLocaleString('en')} (${BODY_CHARS}-character bodies)`)
      const load = await addDocuments(database.db, kind, generate, have, size)
      have = size
      const m = await measureSearch(database.db, queries, { minRounds: 3, maxRounds: 20, budgetMs: C.searchBudgetMs })
      report.search.push({ db: kind, documents: size, loadSeconds: load.seconds, indexSeconds: load.indexSeconds, ...m })
      progress(`  ${kind} ${size.toLocaleString('en').padStart(7)} documents: loaded in ${load.seconds.toFixed(1)} s + index ${load.indexSeconds.toFixed(1)} s; search p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms (${m.samples} queries)`)
    }
  }
  finally {
    await database.close()
  }
}

// ---------------------------------------------------------------------------------------------------------
// scale on paper: Shanghai's 政府开放月 peak, from this run's requests per second per process (one core each)

const SHANGHAI = {
  residents: 24_870_000,
  /** residents who open the app at least once in open month */
  activeShare: 0.04,
  /** API requests per active resident in the month (3 visits × 15 requests) */
  requestsPerActive: 45,
  busiestDayShare: 0.10,
  busiestHourShare: 0.15,
  /** the burst when a popular district's sign-ups open: residents in the first minute, 5 reads and 1 sign-up each */
  burstResidents: 20_000,
  burstReads: 5,
}

function scaleOnPaper(): Record<string, number | string> {
  const pgRun = report.dbs.find(d => d.db === 'postgres')
  if (!pgRun || pgRun.api.length === 0)
    return { note: 'not computed: no PostgreSQL figures' }
  const rps = (name: string) => pgRun.api.find(a => a.name === name)?.rps ?? Number.NaN
  // a resident's reads: 30% list, 30% document, 20% search, 20% events; mixed rate is the weighted harmonic mean
  const mix: Array<[string, number]> = [['document list', 0.3], ['document', 0.3], ['search', 0.2], ['event list', 0.2]]
  const mixedRps = 1 / mix.reduce((s, [name, w]) => s + w / rps(name), 0)
  const active = SHANGHAI.residents * SHANGHAI.activeShare
  const monthly = active * SHANGHAI.requestsPerActive
  const peakHourRps = monthly * SHANGHAI.busiestDayShare * SHANGHAI.busiestHourShare / 3600
  const burstReadRps = SHANGHAI.burstResidents * SHANGHAI.burstReads / 60
  const burstSignupRps = SHANGHAI.burstResidents / 60
  const signupRate = pgRun.rush.find(r => r.label === 'one process')?.signupsPerSecond ?? Number.NaN
  const headroom = 0.5
  const readProcesses = Math.ceil((burstReadRps) / (mixedRps * headroom))
  const signupProcesses = Math.ceil(burstSignupRps / (signupRate * headroom))
  return {
    mixedReadRpsPerProcess: round(mixedRps, 0)!,
    activeResidents: active,
    monthlyRequests: monthly,
    peakHourRps: round(peakHourRps, 0)!,
    burstReadRps: round(burstReadRps, 0)!,
    burstSignupRps: round(burstSignupRps, 0)!,
    signupsPerSecondPerProcess: round(signupRate, 0)!,
    headroom,
    processesForReads: readProcesses,
    processesForSignups: signupProcesses,
    processes: Math.max(2, readProcesses + signupProcesses),
    postgresConnections: Math.max(2, readProcesses + signupProcesses) * 10,
  }
}

// ---------------------------------------------------------------------------------------------------------
// the table

const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`
function fmtMs(n: number | null | undefined) {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`
}
const fmtRatio = (n: number) => Number.isFinite(n) ? `${n.toFixed(2)}×` : '—'
const verdict = (ok: boolean | undefined) => ok === undefined ? '' : ok ? 'pass' : 'MISS'
function medianOf(visits: Visit[], key: 'lcp' | 'fcp' | 'tbt' | 'cls' | 'transferred'): number {
  return median(visits.map(v => v[key]).filter((n): n is number => typeof n === 'number'))
}
function fmtRush(r: RushResult) {
  return `${r.signupsPerSecond.toFixed(0)} sign-ups/s (${r.confirmedPerSecond.toFixed(0)} confirmed/s), p50 ${fmtMs(r.p50)}, p99 ${fmtMs(r.p99)}, ${r.confirmed} confirmed / ${r.waitlisted} waitlisted / ${r.failed} failed, oversold ${r.oversold}; the first round after start ${r.firstRound.signupsPerSecond.toFixed(0)}/s, p99 ${fmtMs(r.firstRound.p99)}`
}

function table(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join('  ')
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map(w => '─'.repeat(w)).join('  '))
  for (const r of rows)
    console.log(line(r))
}

function printTable() {
  console.log(`\n════ npm run bench${quick ? ' --quick' : ''} — ${report.startedAt} — ${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, ${report.machine.chromium}, ${report.machine.postgres ?? 'no PostgreSQL'} ════`)

  const s = report.sizes
  if (s) {
    const b = s.budgets
    table('1. Bytes (dist/; budget enforced by npm run build)', ['', 'JS raw', 'JS gzip', 'JS br', 'CSS raw', 'CSS gzip', 'budget (gzip)', ''], [
      ['resident entry (index.html)', KB(s.entryJs.raw), KB(s.entryJs.gzip), KB(s.entryJs.brotli), KB(s.entryCss.raw), KB(s.entryCss.gzip), `JS ≤ ${KB(b.entryJsGzip)}, CSS ≤ ${KB(b.entryCssGzip)}`, verdict(s.entryJs.gzip <= b.entryJsGzip && s.entryCss.gzip <= b.entryCssGzip)],
      ['home page before interactive', KB(s.homeJs.raw), KB(s.homeJs.gzip), KB(s.homeJs.brotli), KB(s.homeCss.raw), KB(s.homeCss.gzip), '', ''],
      ...s.routes.map(r => [`  + ${r.name}${r.staff ? ' (staff)' : ''}`, KB(r.js.raw), KB(r.js.gzip), KB(r.js.brotli), KB(r.css.raw), KB(r.css.gzip), `chunk ${KB(r.chunkGzip)} ≤ ${KB(b.chunkJsGzip)}`, verdict(r.chunkGzip <= b.chunkJsGzip)]),
    ])
    console.log(`  route rows: what the route adds to the entry (its chunk and shared chunks). Largest chunk ${s.largestChunk.file} ${KB(s.largestChunk.gzip)} gzip.`)
    console.log(`  staff console in the resident entry: ${s.staffInEntry ? 'YES' : 'no'}; in resident routes: ${s.staffInResidentRoutes.length ? s.staffInResidentRoutes.join(', ') : 'no'}; precached by the service worker: ${s.staffPrecached.length ? `${s.staffPrecached.map(f => f.file.replace('assets/', '')).join(', ')} (${KB(s.staffPrecached.reduce((a, f) => a + f.gzip, 0))} gzip) — MISS` : 'no'}`)
    console.log(`  service-worker precache: ${s.precache.files} files, ${KB(s.precache.raw)} raw, ${KB(s.precache.gzip)} gzip${s.broken.length ? `\n  broken budgets: ${s.broken.join('; ')}` : ''}`)
  }

  const p = report.pages
  if (p) {
    const floor = p.results.find(r => r.name.startsWith('floor'))
    const floorLcp = floor ? medianOf(floor.first, 'lcp') : Number.NaN
    table(`2. Page loads (Chromium ${THROTTLING.rttMs} ms RTT, ${THROTTLING.downKbps / 1000} Mbps down / ${THROTTLING.upKbps} kbps up, CPU ${THROTTLING.cpuSlowdown}× slower, 390×844; median of ${p.runs})`, ['page', 'FCP', 'LCP', 'LCP/floor', 'TBT', 'CLS', 'transferred', 'repeat LCP', 'repeat/floor', 'goals (LCP ≤ 1.8 s, TBT ≤ 100 ms, CLS ≤ 0.02, repeat ≤ 0.5 s)'], p.results.map((r) => {
      const lcp = medianOf(r.first, 'lcp')
      const tbt = medianOf(r.first, 'tbt')
      const cls = medianOf(r.first, 'cls')
      const rl = medianOf(r.repeat, 'lcp')
      const isFloor = r === floor
      const misses = isFloor
        ? []
        : [lcp > GOALS.lcpMs && 'LCP', tbt > GOALS.tbtMs && 'TBT', cls > GOALS.cls && 'CLS', rl > GOALS.repeatLcpMs && 'repeat LCP', rl >= floorLcp && 'repeat not under floor'].filter(Boolean)
      return [r.name, fmtMs(medianOf(r.first, 'fcp')), fmtMs(lcp), isFloor ? '1.00×' : fmtRatio(lcp / floorLcp), fmtMs(tbt), cls.toFixed(3), KB(medianOf(r.first, 'transferred')), fmtMs(rl), fmtRatio(rl / floorLcp), isFloor ? '(the floor)' : misses.length ? `MISS ${misses.join(', ')}` : 'pass']
    }))
    const home = p.results.find(r => r.name === 'home')
    if (home) {
      const v = home.first
      const transferred = medianOf(v, 'transferred')
      const fonts = Math.max(...v.map(x => x.fonts))
      const third = [...new Set(v.flatMap(x => x.thirdParty))]
      const staff = [...new Set(p.results.flatMap(r => [...r.first, ...r.repeat].flatMap(x => x.staffFiles)))]
      console.log(`  home first visit: ${KB(transferred)} transferred before the worker's precache (goal ≤ 150 KB: ${verdict(transferred <= GOALS.homeTransferBytes)}), ${fonts} web fonts (${verdict(fonts === 0)}), ${third.length} third-party requests (${verdict(third.length === 0)})`)
      console.log(`  staff files fetched by resident pages: ${staff.length ? staff.join(', ') : 'none'}; repeat visits controlled by the worker: ${p.results.filter(r => r !== floor).every(r => r.repeat.every(x => x.controlled)) ? 'yes' : 'NO'}`)
      console.log(`  LCP elements: ${p.results.map(r => `${r.name}: ${r.first[0]?.lcpElement ?? '—'}`).join('; ')}`)
    }
  }

  const apiRows: string[][] = []
  for (const run of report.dbs) {
    const floor = run.api.find(a => a.name === 'floor')
    const limit = run.db === 'pglite' ? GOALS.apiRatioPglite : GOALS.apiRatioPostgres
    for (const a of run.api) {
      const ratio = floor ? floor.rps / a.rps : Number.NaN
      const isFloor = a === floor
      const misses = isFloor ? [] : [ratio > limit && `ratio > ${limit}×`, a.p99 > GOALS.apiP99Ms && `p99 > ${GOALS.apiP99Ms} ms`].filter(Boolean)
      const cpu = (x: LoadResult, group: string) => x.cpuMicrosPerRequest?.[group] ?? Number.NaN
      const server = cpu(a, 'server') + (cpu(a, 'database') || 0)
      const floorServer = floor ? cpu(floor, 'server') + (cpu(floor, 'database') || 0) : Number.NaN
      apiRows.push([`${run.db} ${a.name}`, a.rps.toFixed(0), KB(a.bytesPerAnswer ?? Number.NaN), `${a.p50} ms`, `${a.p99} ms`, isFloor ? '1.00×' : fmtRatio(ratio), server.toFixed(0), isFloor ? '1.00×' : fmtRatio(server / floorServer), cpu(a, 'load generator').toFixed(0), `${a.errors + a.non2xx}`, isFloor ? '(the floor)' : misses.length ? `MISS ${misses.join(', ')}` : 'pass'])
    }
  }
  if (apiRows.length)
    table(`3. API reads (autocannon, ${C.connections} connections, ${C.loadSeconds} s each after 1 s warm-up, loopback, Accept-Encoding: gzip, deflate, br as a phone sends; floor = GET /bench/floor on the same server)`, ['route', 'req/s', 'answer', 'p50', 'p99', 'floor/route', 'server µs/req', 'route/floor', 'generator µs/req', 'errors', `goal (≤ ${GOALS.apiRatioPglite}× PGlite, ≤ ${GOALS.apiRatioPostgres}× PostgreSQL, p99 ≤ ${GOALS.apiP99Ms} ms)`], apiRows)
  if (apiRows.length)
    console.log('  server µs/req: CPU of the server process and of PostgreSQL per request (all threads, /proc); route/floor: that cost against the floor\'s; generator µs/req: autocannon\'s own, on the same cores (it reads every byte of each answer)')

  if (report.search.length) {
    const base = new Map<string, number>()
    table(`4. Search scaling (searchDocuments(), ${BODY_CHARS}-character generated bodies; queries: ${searchQueries(makeGenerator()).map(q => q.q).join(' | ')})`, ['library', 'load', 'index', 'queries', 'p50', 'p95', 'p50 vs 1,000', 'per query p50', 'goal'], report.search.map((r) => {
      if (!base.has(r.db))
        base.set(r.db, r.p50)
      const goal = r.documents === 10_000 ? GOALS.search10kP95Ms : r.documents === 100_000 ? GOALS.search100kP95Ms : undefined
      return [`${r.db} ${r.documents.toLocaleString('en')}`, `${r.loadSeconds.toFixed(1)} s`, `${r.indexSeconds.toFixed(1)} s`, String(r.samples), fmtMs(r.p50), fmtMs(r.p95), fmtRatio(r.p50 / base.get(r.db)!), r.perQuery.map(q => `${q.p50.toFixed(0)}`).join('/'), goal ? `p95 ≤ ${goal} ms ${verdict(r.p95 <= goal)}` : '']
    }))
    for (const db of ['postgres', 'pglite']) {
      const largest = report.search.filter(r => r.db === db).at(-1)
      if (largest)
        console.log(`  ${db} ${largest.documents.toLocaleString('en')}: per query p50 in ms in the order above; matches: ${largest.perQuery.map(q => `${q.name} ${q.total}`).join(', ')}`)
    }
  }

  const rushRows: string[][] = []
  for (const run of report.dbs) {
    for (const r of run.rush) {
      const ratio = run.updateFloor.perSecond / r.signupsPerSecond
      const misses = [ratio > GOALS.signupRatio && `ratio > ${GOALS.signupRatio}×`, r.p99 > GOALS.signupP99Ms && `p99 > ${GOALS.signupP99Ms} ms`, r.oversold > 0 && 'OVERSOLD', r.failed > 0 && 'failures'].filter(Boolean)
      rushRows.push([`${run.db} ${r.label}`, `${r.requests}×${r.rounds} (+${r.warmRounds})`, String(r.capacity), r.signupsPerSecond.toFixed(0), r.confirmedPerSecond.toFixed(0), fmtMs(r.p50), fmtMs(r.p99), `${r.firstRound.signupsPerSecond.toFixed(0)}/s, ${fmtMs(r.firstRound.p99)}`, String(r.oversold), run.updateFloor.perSecond.toFixed(0), fmtRatio(ratio), misses.length ? `MISS ${misses.join(', ')}` : 'pass'])
    }
  }
  if (rushRows.length) {
    table('5. Sign-up rush (concurrent POST /api/events/:id/registrations, one event per round)', ['database', 'requests (+warm-up)', 'places', 'sign-ups/s', 'confirmed/s', 'p50', 'p99', 'first round', 'oversold', 'UPDATE floor/s', 'floor/sign-up', `goal (≤ ${GOALS.signupRatio}×, p99 ≤ ${GOALS.signupP99Ms} ms, 0 oversold)`], rushRows)
    for (const run of report.dbs)
      console.log(`  ${run.db} floor: ${run.updateFloor.how}`)
    const stepRows = report.dbs.filter(run => run.steps && run.rush[0]).map((run) => {
      const { updates, signUps } = run.steps!
      const http = run.rush[0]!.signupsPerSecond
      return [run.db, run.updateFloor.perSecond.toFixed(0), updates.toFixed(0), signUps.toFixed(0), http.toFixed(0), fmtRatio(run.updateFloor.perSecond / updates), fmtRatio(updates / signUps), fmtRatio(signUps / http)]
    })
    if (stepRows.length)
      table('5b. Where a sign-up\'s time goes (one server process; the middle two run in it with no HTTP, 10 at a time)', ['database', 'UPDATE floor/s', 'UPDATE via pool/s', 'sign-up, no HTTP/s', 'sign-up, HTTP/s', 'floor ÷ pool', 'UPDATE ÷ sign-up', 'no HTTP ÷ HTTP'], stepRows)
    const cpuRows = report.dbs.flatMap(run => run.rush.filter(r => r.cpuMicrosPerSignup.server !== undefined).map((r) => {
      const { server = 0, database, 'load generator': generator = 0 } = r.cpuMicrosPerSignup
      const total = server + (database ?? 0) + generator
      const ceiling = cpus().length * 1e6 / total
      return [`${run.db} ${r.label}`, server.toFixed(0), database === undefined ? 'in the server' : database.toFixed(0), generator.toFixed(0), total.toFixed(0), ceiling.toFixed(0), r.signupsPerSecond.toFixed(0), fmtRatio(run.updateFloor.perSecond / ceiling)]
    }))
    if (cpuRows.length)
      table(`5c. CPU per sign-up over the measured rounds (µs, all threads, from /proc); what ${cpus().length} cores could do at that cost`, ['database', 'server', 'database', 'load generator', 'total', `ceiling/s (${cpus().length} cores ÷ total)`, 'measured/s', 'floor ÷ ceiling'], cpuRows)
  }

  table('6. Memory (server peak RSS, VmHWM, after the load)', ['server', 'peak RSS'], report.dbs.flatMap(run => run.peakRssBytes.map((b, i) => [`${run.db} process ${i + 1}`, `${(b / 2 ** 20).toFixed(0)} MB`])))

  const sc = report.scale
  if (sc && sc.processes !== undefined) {
    console.log(`\n7. Scale on paper (Shanghai 政府开放月 peak; see README "Performance")`)
    console.log(`  ${SHANGHAI.residents.toLocaleString('en')} residents × ${SHANGHAI.activeShare * 100}% active × ${SHANGHAI.requestsPerActive} requests = ${Number(sc.monthlyRequests).toLocaleString('en')} requests in the month; busiest hour ${sc.peakHourRps} req/s`)
    console.log(`  sign-up burst: ${SHANGHAI.burstResidents.toLocaleString('en')} residents in one minute → ${sc.burstReadRps} reads/s + ${sc.burstSignupRps} sign-ups/s`)
    console.log(`  one process (one core) on PostgreSQL: ${sc.mixedReadRpsPerProcess} mixed reads/s, ${sc.signupsPerSecondPerProcess} sign-ups/s; at ${Number(sc.headroom) * 100}% load: ${sc.processesForReads} for reads + ${sc.processesForSignups} for sign-ups = ${sc.processes} processes, PostgreSQL with ${sc.postgresConnections} connections (pool 10 each)`)
  }
  else if (sc) {
    console.log(`\n7. Scale on paper: ${sc.note}`)
  }
  if (report.errors.length)
    console.log(`\nNot measured:\n  ${report.errors.join('\n  ')}`)
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => {
    cleanupAll()
    for (const dir of dataDirs)
      rmSync(dir, { recursive: true, force: true })
  })
