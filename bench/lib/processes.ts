// Child processes the bench starts and always stops: the bench server (bench/server.ts) and a throw-away
// PostgreSQL 15 cluster (the same recipe as scripts/with-postgres.mjs).
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep } from './util'

const cleanups = new Set<() => void>()
/** Stops whatever is still running: called on exit, Ctrl-C and errors. */
export function cleanupAll() {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn()
    }
    catch {}
    cleanups.delete(fn)
  }
}
process.on('exit', cleanupAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanupAll()
    process.exit(130)
  })
}

export interface BenchServer {
  url: string
  origin: string
  port: number
  pid: number
  /** the process's peak resident set (VmHWM), bytes */
  peakRss: () => number
  rss: () => number
  stop: () => Promise<void>
}

function statusField(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]
    return kb ? Number(kb) * 1024 : Number.NaN
  }
  catch {
    return Number.NaN
  }
}

/**
 * Starts bench/server.ts in its own Node process (so the load generator never shares its event loop),
 * with the app's request logging going to a file as a deployment's would. Resolves once it answers.
 */
export async function startServer(name: string, env: Record<string, string>, logDir: string): Promise<BenchServer> {
  const port = await freePort()
  mkdirSync(logDir, { recursive: true })
  const log = openSync(join(logDir, `server-${name}.log`), 'w')
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (open it in Chrome DevTools)
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROF, name)}`] : []
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      GONGKAI_RATE_LIMIT: 'off',
      GONGKAI_DEMO: 'true',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  let exited: string | undefined
  child.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`
  })
  const kill = () => {
    if (!exited)
      child.kill('SIGKILL')
  }
  cleanups.add(kill)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 180_000
  for (;;) {
    if (exited)
      throw new Error(`bench server ${name} ${exited}; see ${join(logDir, `server-${name}.log`)}`)
    try {
      const res = await fetch(`${url}/bench/floor`)
      if (res.ok)
        break
    }
    catch {}
    if (Date.now() > deadline)
      throw new Error(`bench server ${name} did not answer within 180 s`)
    await sleep(200)
  }
  const pid = child.pid!
  return {
    url,
    origin: url,
    port,
    pid,
    peakRss: () => statusField(pid, 'VmHWM'),
    rss: () => statusField(pid, 'VmRSS'),
    stop: async () => {
      if (exited)
        return
      const done = new Promise<void>(resolve => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await Promise.race([done, sleep(10_000)])
      kill()
      cleanups.delete(kill)
    },
  }
}

export interface Postgres {
  url: string
  bin: string
  dir: string
  /** runs a PostgreSQL client tool (pgbench, psql) as the postgres user when root */
  tool: (name: string, args: string[]) => { status: number | null, stdout: string, stderr: string }
  stop: () => void
}

export function findPgBin(): string | undefined {
  if (process.env.PG_BIN)
    return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (!existsSync(root))
    return undefined
  const versions = readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b))
  const chosen = versions.includes('15') ? '15' : versions.at(-1)
  return chosen ? join(root, chosen, 'bin') : undefined
}

/** A throw-away PostgreSQL cluster (about 1 s), with the settings scripts/with-postgres.mjs uses for tests. */
export async function startPostgres(): Promise<Postgres> {
  const bin = findPgBin()
  if (!bin)
    throw new Error('PostgreSQL server binaries not found (apt-get install -y postgresql)')
  const isRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-pg-'))
  const data = join(dir, 'data')
  const idOf = (flag: string) => Number(spawnSync('id', [flag, 'postgres']).stdout.toString().trim())
  if (isRoot)
    chownSync(dir, idOf('-u'), idOf('-g'))
  const tool = (name: string, args: string[]) => {
    const [cmd, a] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] as const : [join(bin, name), args] as const
    const result = spawnSync(cmd, a, { encoding: 'utf8', timeout: 120_000 })
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
  }
  const must = (name: string, args: string[]) => {
    const result = tool(name, args)
    if (result.status !== 0)
      throw new Error(`${name} failed:\n${result.stdout}\n${result.stderr}`)
  }
  const port = await freePort()
  let started = false
  const stop = () => {
    if (started) {
      started = false
      tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    }
    rmSync(dir, { recursive: true, force: true })
  }
  cleanups.add(stop)
  must('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--lc-collate=C', '--lc-ctype=C.UTF-8'])
  must('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB`, 'start'])
  started = true
  must('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'create database gongkai'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/gongkai`,
    bin,
    dir,
    tool,
    stop: () => {
      stop()
      cleanups.delete(stop)
    },
  }
}
