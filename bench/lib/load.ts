// API reads under load: autocannon on loopback, bounded in time, against a trivial route on the same server.
// Every request says what a phone's browser says, `Accept-Encoding: gzip, deflate, br`, so a long answer is
// measured as residents get it (compressed, from the read cache) rather than as 100 KB of identity JSON.
import type { CpuGroups } from './cpu'
import autocannon from 'autocannon'
import { startCpuMeter } from './cpu'
import { progress } from './util'

export interface LoadResult {
  name: string
  path: string
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  requests: number
  /** bytes per answer on the wire, headers included */
  bytesPerAnswer: number
  /** CPU microseconds per request while measured, by process group (the server, the database, the load generator) */
  cpuMicrosPerRequest: Record<string, number>
}

/** The request headers of Chromium on a phone that matter to the server's answer. */
export const PHONE_HEADERS = { 'accept-encoding': 'gzip, deflate, br' }

export function runAutocannon(url: string, opts: { connections: number, duration: number, warmup?: number }): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({
      url,
      connections: opts.connections,
      duration: opts.duration,
      pipelining: 1,
      timeout: 10,
      headers: PHONE_HEADERS,
      ...(opts.warmup ? { warmup: { connections: opts.connections, duration: opts.warmup } } : {}),
    }, (error, result) => error ? reject(error) : resolve(result))
  })
}

/** Each target in turn on one server: the same connections and duration, a short warm-up first. */
export async function loadTargets(baseUrl: string, targets: Array<{ name: string, path: string }>, opts: { connections: number, duration: number, label: string, cpu: CpuGroups }): Promise<LoadResult[]> {
  const results: LoadResult[] = []
  for (const target of targets) {
    const probe = await fetch(`${baseUrl}${target.path}`, { headers: PHONE_HEADERS })
    if (!probe.ok)
      throw new Error(`${target.path} answered ${probe.status}: the app under test is broken`)
    await probe.arrayBuffer()
    // the warm-up on its own, so the CPU counted is the measured stretch's
    await runAutocannon(`${baseUrl}${target.path}`, { connections: opts.connections, duration: 1 })
    const spent = startCpuMeter(opts.cpu)
    const r = await runAutocannon(`${baseUrl}${target.path}`, { connections: opts.connections, duration: opts.duration })
    const cpuMicrosPerRequest = spent(r.requests.total)
    const result: LoadResult = {
      name: target.name,
      path: target.path,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      requests: r.requests.total,
      bytesPerAnswer: r.requests.total ? r.throughput.total / r.requests.total : 0,
      cpuMicrosPerRequest,
    }
    results.push(result)
    progress(`  ${opts.label} ${target.name.padEnd(16)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${result.errors || result.non2xx ? `  (${result.errors} errors, ${result.non2xx} non-2xx)` : ''}`)
  }
  return results
}
