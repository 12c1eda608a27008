import { createServer } from 'node:net'

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/** The p-th percentile (0–100) of a list of numbers, nearest-rank; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0)
    return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1]!
}

export const median = (values: number[]) => percentile(values, 50)

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    }).on('error', reject)
  })
}

const started = performance.now()
/** A progress line with the time since the bench started. */
export function progress(message: string) {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4)
  console.log(`[${s} s] ${message}`)
}

export const elapsedSeconds = () => (performance.now() - started) / 1000

export const round = (n: number, digits = 1) => Number.isFinite(n) ? Number(n.toFixed(digits)) : null
