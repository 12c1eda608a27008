import type { CpuGroups } from './cpu'
// The sign-up rush: hundreds of concurrent sign-ups for a few dozen places, through the real API
// (POST /api/events/:id/registrations with an Idempotency-Key and this site's Origin), then the database
// is asked how many places were given: nothing may be oversold.
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import { startCpuMeter } from './cpu'
import { percentile } from './util'

export interface RushResult {
  label: string
  requests: number
  capacity: number
  rounds: number
  seconds: number
  /** sign-up transactions answered per second (confirmed and waitlisted alike: each is one full write) */
  signupsPerSecond: number
  /** confirmed sign-ups per second while places lasted */
  confirmedPerSecond: number
  p50: number
  p99: number
  confirmed: number
  waitlisted: number
  failed: number
  /** over every round, the warm-up included (as `failed`) */
  oversold: number
  /** rounds taken before the measured ones */
  warmRounds: number
  statuses: Record<string, number>
  /** the round before the measured ones, the first the server has taken since it started */
  firstRound: { signupsPerSecond: number, p99: number }
  /** CPU microseconds per sign-up over the measured rounds, by process group (the server, the database, the load generator) */
  cpuMicrosPerSignup: Record<string, number>
}

let phoneSeq = 0
const nextPhone = () => `139${String(10_000_000 + (phoneSeq++ % 90_000_000)).slice(-8)}`

/** What one round gave: one event, `requests` sign-ups at once. */
interface Round {
  seconds: number
  confirmedSeconds: number
  latencies: number[]
  answers: Array<{ status: number, state?: string }>
  oversold: number
}

/** One round: an open event with `capacity` places, `requests` concurrent sign-ups for it, then its seats counted. */
async function rushRound(agent: Agent, servers: Array<{ url: string, origin: string }>, requests: number, capacity: number): Promise<Round> {
  const created = await fetch(`${servers[0]!.url}/bench/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ capacity, maxParty: 1 }) })
  if (!created.ok)
    throw new Error(`creating the rush event failed: ${created.status} ${await created.text()}`)
  const { id } = await created.json() as { id: number }
  const latencies: number[] = []
  const started = performance.now()
  let lastConfirmed = started
  const answers = await Promise.all(Array.from({ length: requests }, async (_, i) => {
    const server = servers[i % servers.length]!
    const t0 = performance.now()
    try {
      const res = await postJson(agent, `${server.url}/api/events/${id}/registrations`, { 'origin': server.origin, 'idempotency-key': randomUUID() }, { name: '张三', phone: nextPhone(), partySize: 1, consent: true })
      const body = res.body as { status?: string }
      const t1 = performance.now()
      latencies.push(t1 - t0)
      if (body.status === 'confirmed' && t1 > lastConfirmed)
        lastConfirmed = t1
      return { status: res.status, state: body.status }
    }
    catch (error) {
      latencies.push(performance.now() - t0)
      return { status: 0, state: `error: ${(error as Error).message}` }
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const seats = await (await fetch(`${servers[0]!.url}/bench/events/${id}/seats`)).json() as { capacity: number, seats_taken: number, confirmed_seats: number }
  let oversold = Math.max(0, seats.seats_taken - seats.capacity, seats.confirmed_seats - seats.capacity)
  if (seats.confirmed_seats !== seats.seats_taken)
    oversold += Math.abs(seats.confirmed_seats - seats.seats_taken)
  return { seconds, confirmedSeconds: (lastConfirmed - started) / 1000, latencies, answers, oversold }
}

const written = (r: Round) => r.answers.filter(a => a.state === 'confirmed' || a.state === 'waitlisted').length

/**
 * `rounds` measured rounds, one event each, after `warmRounds` that warm the server up, as one that has been
 * taking sign-ups for a while is: a fresh process takes about 3,000 sign-ups before V8 has optimised the
 * sign-up's path (docs/decisions.md). The first of those rounds, the first the server takes after it starts,
 * is reported on its own (`firstRound`); every round's seats are counted. `servers` are the base URLs the
 * requests are spread over (round robin).
 */
export async function signupRush(label: string, servers: Array<{ url: string, origin: string }>, opts: { requests: number, capacity: number, rounds: number, warmRounds: number, cpu: CpuGroups }): Promise<RushResult> {
  // one connection per request in flight, as hundreds of phones would have, kept alive between rounds as a phone
  // keeps the one it loaded the event page on (or a reverse proxy its pool): the first round opens them all. Node's
  // agent keeps only 256 idle sockets by default, which made every later round open 244 new connections.
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: Number.POSITIVE_INFINITY })
  const warm: Round[] = []
  const measured: Round[] = []
  let cpuMicrosPerSignup: Record<string, number> = {}
  try {
    for (let round = 0; round < Math.max(1, opts.warmRounds); round++)
      warm.push(await rushRound(agent, servers, opts.requests, opts.capacity))
    const spent = startCpuMeter(opts.cpu)
    for (let round = 0; round < opts.rounds; round++)
      measured.push(await rushRound(agent, servers, opts.requests, opts.capacity))
    cpuMicrosPerSignup = spent(opts.requests * opts.rounds)
  }
  finally {
    agent.destroy()
  }
  const first = warm[0]!
  const statuses: Record<string, number> = {}
  let confirmed = 0
  let waitlisted = 0
  let failed = 0
  for (const a of measured.flatMap(r => r.answers)) {
    statuses[a.status] = (statuses[a.status] ?? 0) + 1
    if (a.state === 'confirmed')
      confirmed++
    else if (a.state === 'waitlisted')
      waitlisted++
    else
      failed++
  }
  const seconds = measured.reduce((s, r) => s + r.seconds, 0)
  const latencies = measured.flatMap(r => r.latencies)
  return {
    label,
    requests: opts.requests,
    capacity: opts.capacity,
    rounds: opts.rounds,
    seconds,
    signupsPerSecond: (confirmed + waitlisted) / seconds,
    confirmedPerSecond: confirmed / measured.reduce((s, r) => s + r.confirmedSeconds, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    confirmed,
    waitlisted,
    failed: failed + warm.reduce((n, r) => n + r.answers.length - written(r), 0),
    oversold: [...warm, ...measured].reduce((n, r) => n + r.oversold, 0),
    warmRounds: warm.length,
    statuses,
    firstRound: { signupsPerSecond: written(first) / first.seconds, p99: percentile(first.latencies, 99) },
    cpuMicrosPerSignup,
  }
}

/** A JSON POST over a given agent (fetch has no per-call connection pool in Node 20 without undici). */
function postJson(agent: Agent, url: string, headers: Record<string, string>, payload: unknown): Promise<{ status: number, body: unknown }> {
  const data = Buffer.from(JSON.stringify(payload))
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': data.length }, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
        }
        catch (error) {
          reject(error)
        }
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end(data)
  })
}
