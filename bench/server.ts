// The server `npm run bench` measures: the real app plugin, exactly as src/server/server.ts builds it, plus
// a few bench-only routes under /bench/ that the app itself never has:
//   GET  /bench/floor                 { ok: true } without touching the database: the API's floor
//   GET  /bench/floor/pudong-2023     the 2023 Pudong plan's text as static HTML, no script: the page-load floor
//   POST /bench/events                an open event with the given places (for the sign-up rush)
//   GET  /bench/events/:id/seats      its places as the database holds them (to count oversold seats)
//   POST /bench/update-floor          a loop of one single-row UPDATE for `ms` milliseconds (PGlite's update floor)
//   POST /bench/signup-steps          where a sign-up's time goes, without HTTP: for `ms` each, `concurrency` loops
//                                     of the single-row UPDATE through the server's pool, then of the sign-up itself
//                                     (services/event-signup.ts, the route's code after validation)
// Started by bench/run.ts as `node --import tsx bench/server.ts` with PORT, HOST, DATA_DIR or DATABASE_URL set.
// It prints one line `{"ready":PORT}` on stdout once listening; logs (LOG_LEVEL) go to stderr.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import Fastify from 'fastify'
import app, { fastifyOptions } from '../src/server/app'
import { configFromEnv, loadEnv } from '../src/server/config'
import { loadDemoContent } from '../src/server/demo/load'
import { parseDocument } from '../src/server/importer/parse'
import { createEvent } from '../src/server/repositories/events-admin'
import { eventSecrets } from '../src/server/services/event-secrets'
import { signUpOnline } from '../src/server/services/event-signup'
import { bodyToPlainText } from '../src/shared/document-text'

const HOUR = 3600_000

/** Runs `concurrency` loops of `step` for `ms` milliseconds: how many steps per second they made together. */
async function loopsFor(ms: number, concurrency: number, step: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  const until = started + ms
  let n = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await step()
      n++
    }
  }))
  return n / ((performance.now() - started) / 1000)
}

let benchPhone = 0

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The document as a person would save it from the app: its title and its text, one paragraph a line. */
export function floorPage(file: string): string {
  const parsed = parseDocument(readFileSync(file, 'utf8'))
  const lines = bodyToPlainText(parsed.body).split('\n')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parsed.title)}</title></head>
<body><main><h1>${escapeHtml(parsed.title)}</h1>
${parsed.docNumber ? `<p>${escapeHtml(parsed.docNumber)}</p>\n` : ''}${lines.map(l => `<p>${escapeHtml(l)}</p>`).join('\n')}
</main></body></html>
`
}

async function main() {
  const env = loadEnv()
  // BENCH_CLIENT_DIR: the bench serves a snapshot of dist/, so a build running meanwhile changes nothing under it
  const config = configFromEnv(env, resolve(process.env.BENCH_CLIENT_DIR ?? 'dist'))
  const server = Fastify(fastifyOptions(config, env.LOG_LEVEL))
  await server.register(app, { config })

  const floorHtml = floorPage(resolve('src/server/demo/corpus/pudong-2023-gongkai-yaodian.md'))
  server.get('/bench/floor', async () => ({ ok: true }))
  server.get('/bench/floor/pudong-2023', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(floorHtml))

  const benchEvent = async (capacity: number, maxParty = 1) => {
    const now = Date.now()
    return createEvent(server.db, await eventSecrets(server.db), {
      title: `压测活动 ${new Date(now).toISOString()}`,
      description: 'npm run bench 的报名压测活动。',
      organiser: '浦东新区政府办公室',
      district: 'pudong',
      topic: 'government',
      venue: '浦东新区行政服务中心',
      address: '浦东新区合欢路2号',
      transitHint: '地铁6号线博兴路站',
      accessibility: '无障碍通道',
      programme: [{ kind: 'qa', title: '政策答疑' }],
      startsAt: new Date(now + 7 * 24 * HOUR).toISOString(),
      endsAt: new Date(now + 7 * 24 * HOUR + 2 * HOUR).toISOString(),
      capacity,
      maxParty,
      signupOpensAt: new Date(now - HOUR).toISOString(),
      signupClosesAt: new Date(now + 6 * 24 * HOUR).toISOString(),
      status: 'published',
    })
  }
  server.post<{ Body: { capacity: number, maxParty?: number } }>('/bench/events', async request => ({ id: await benchEvent(request.body.capacity, request.body.maxParty) }))

  server.get<{ Params: { id: string } }>('/bench/events/:id/seats', async (request) => {
    const id = Number(request.params.id)
    const result = await server.db.execute(sql`select e.capacity, e.seats_taken,
        (select coalesce(sum(party_size), 0)::int from event_registrations r where r.event_id = e.id and r.status = 'confirmed') as confirmed_seats,
        (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'confirmed') as confirmed,
        (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'waitlisted') as waitlisted
      from events e where e.id = ${id}`) as unknown as { rows: Array<Record<string, number | string>> }
    const row = result.rows[0]
    return row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) : {}
  })

  const floorTable = async () => {
    await server.db.execute(sql`create table if not exists bench_floor (id int primary key, n bigint not null)`)
    await server.db.execute(sql`insert into bench_floor values (1, 0) on conflict do nothing`)
  }
  const update = () => server.db.execute(sql`update bench_floor set n = n + 1 where id = 1`)

  server.post<{ Body: { ms: number } }>('/bench/update-floor', async (request) => {
    await floorTable()
    return { perSecond: await loopsFor(request.body.ms, 1, update) }
  })

  server.post<{ Body: { ms: number, concurrency: number, capacity: number } }>('/bench/signup-steps', async (request) => {
    const { ms, concurrency, capacity } = request.body
    await floorTable()
    const updates = await loopsFor(ms, concurrency, update)
    const eventId = await benchEvent(capacity)
    const signUp = () => {
      const phone = `137${String(10_000_000 + (benchPhone++ % 90_000_000)).slice(-8)}`
      const body = { name: '张三', phone, partySize: 1, consent: true }
      return signUpOnline(server.db, { eventId, name: body.name, phone, partySize: 1, key: randomUUID(), body, now: new Date() })
    }
    return { updates, signUps: await loopsFor(ms, concurrency, signUp) }
  })

  await server.ready()
  if (env.GONGKAI_DEMO)
    await loadDemoContent(server.db)
  await server.listen({ port: env.PORT, host: env.HOST })
  const port = (server.server.address() as { port: number }).port
  process.stdout.write(`${JSON.stringify({ ready: port, db: server.dbKind })}\n`)

  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
