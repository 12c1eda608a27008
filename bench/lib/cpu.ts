// CPU time by process, from /proc (Linux): where the cores went during a measured stretch. Every figure of the
// bench shares 2 cores between the load generator, the server and the database; this says how they split them.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const TICKS_PER_SECOND = 100

/** user + system CPU seconds of a process (all its threads), 0 once it has gone */
function cpuSeconds(pid: number): number {
  try {
    // the fields after the command name, which may itself hold spaces and parentheses
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  }
  catch {
    return 0
  }
}

/** The processes of the PostgreSQL cluster in `dataDir`: its postmaster and every backend and worker it started. */
export function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const children = readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[1]) === postmaster
    }
    catch {
      return false
    }
  })
  return [postmaster, ...children]
}

export type CpuGroups = Record<string, () => number[]>

/**
 * Starts counting the CPU seconds of each group of processes (asked for their pids again at the end, so a
 * backend started meanwhile counts from 0) and of this process, the load generator; the function it returns
 * says how many each has spent since.
 */
export function startCpuMeter(groups: CpuGroups): () => Record<string, number> {
  const before = new Map(Object.entries(groups).map(([name, pids]) => [name, new Map(pids().map(pid => [pid, cpuSeconds(pid)]))]))
  const self = process.cpuUsage()
  return () => {
    const spent: Record<string, number> = {}
    for (const [name, pids] of Object.entries(groups)) {
      const start = before.get(name)!
      // a process gone meanwhile has lost what it spent: it counts 0 rather than less
      spent[name] = pids().reduce((s, pid) => s + Math.max(0, cpuSeconds(pid) - (start.get(pid) ?? 0)), 0)
    }
    const mine = process.cpuUsage(self)
    spent['load generator'] = (mine.user + mine.system) / 1e6
    return spent
  }
}
