// CPU time by process, from /proc (Linux): where the cores went during a measured stretch. Every figure of the
// bench shares 2 cores between the load generator, the server and the database; this says how they split them.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const TICKS_PER_SECOND = 100

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses); none once it has gone. */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')
  }
  catch {
    return undefined
  }
}

/**
 * CPU seconds of a process (every thread, user and system) and of its children that have exited: a backend
 * that ends during a measurement is counted in its postmaster's, so a group's total never loses it.
 */
function cpuSeconds(pid: number): number {
  const f = statFields(pid)
  return f ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND : 0
}

/** The processes of the PostgreSQL cluster in `dataDir`: its postmaster and every backend and worker it started. */
export function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const children = readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number).filter(pid => Number(statFields(pid)?.[1]) === postmaster)
  return [postmaster, ...children]
}

export type CpuGroups = Record<string, () => number[]>

/**
 * Starts counting the CPU of each group of processes (asked for their pids again at the end, so a backend
 * started meanwhile counts from 0) and of this process, the load generator. The function it returns says how
 * many microseconds each spent since, per item of `items` (requests, sign-ups).
 */
export function startCpuMeter(groups: CpuGroups): (items: number) => Record<string, number> {
  const total = (pids: number[]) => pids.reduce((s, pid) => s + cpuSeconds(pid), 0)
  const before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, total(pids())]))
  const self = process.cpuUsage()
  return (items) => {
    const mine = process.cpuUsage(self)
    const seconds = {
      ...Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, total(pids()) - before[name]!])),
      'load generator': (mine.user + mine.system) / 1e6,
    }
    return Object.fromEntries(Object.entries(seconds).map(([name, s]) => [name, items ? s * 1e6 / items : Number.NaN]))
  }
}
