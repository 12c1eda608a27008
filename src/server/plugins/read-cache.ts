import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { negotiatedEncoding } from './compress'

/** The public data a cached answer shows, so that a write empties only the answers it can change. */
export type ReadCacheTag = 'documents' | 'events'
const READ_CACHE_TAGS: ReadCacheTag[] = ['documents', 'events']

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a public read whose answer is the same for every resident: `plugins/read-cache.ts` may answer it from memory */
    readCache?: ReadCacheTag
    /**
     * The cached answers a write can change (a resident's sign-up: the events; a comment on a draft: none, `[]`).
     * Unset, a write empties them all: staff writes, which are few. A resident's write (`publicWrite`) must say.
     */
    invalidates?: ReadCacheTag[]
  }
}

interface Entry {
  tag: ReadCacheTag
  payload: string | Buffer
  headers: Record<string, string>
  expires: number
  /** when a request set out to fetch a newer answer, once this one expired */
  refreshingSince?: number
}

/** A request fetching the answer for `key`, which others asking meanwhile wait for. */
interface Fill {
  key: string
  tag: ReadCacheTag
  since: number
  done: Promise<Entry | undefined>
  resolve: (entry: Entry | undefined) => void
}

const KEPT_HEADERS = ['content-type', 'content-encoding', 'vary', 'cache-control'] as const
const MAX_ENTRIES = 500

/**
 * A short-lived cache, in each server process, of the finished answers (compressed as sent) to public
 * reads: the document list, a document, a search, the events. When a district opens sign-ups, thousands
 * of phones ask for the same few answers in the same second; one database read a second serves them all.
 *
 * - Only routes marked `config.readCache`, only GET, only 200 answers, and only answers that are the same for
 *   everyone (no cookie, manage token or receipt token can change them: those routes are not marked).
 * - The key is the URL and the encoding the answer was compressed with. No marked answer depends on the
 *   language (only problems do, and those are never kept); a route whose answer did would need it in the key.
 * - One request fetches an answer, never many: requests for an answer being fetched wait for it, and once an
 *   answer is older than `GONGKAI_READ_CACHE_MS` (default 1000; 0 turns the cache off), the request that
 *   finds it so fetches a new one while those after it are still given the old one, for at most that long
 *   again. So an answer is at most twice that old, and no request waits for a refill that is not its own.
 * - A successful write in this process empties the answers it can change (`config.invalidates`, which every
 *   resident's write declares; all of them for a staff write that does not say) at once, and no answer fetched before the write is kept after it, so a resident who has
 *   just signed up or a member of staff who has just published sees the change on their next read; other
 *   processes see it within the bound. Several stateless processes on one PostgreSQL stay correct without
 *   talking.
 */
export default fp(async (app) => {
  // a resident's write comes by the thousand in a busy minute: emptying every answer on each would undo the cache
  app.addHook('onRoute', (route) => {
    if (route.config?.publicWrite && !route.config.invalidates)
      throw new Error(`${String(route.method)} ${route.url}: a resident's write says which cached answers it can change (config.invalidates, [] for none)`)
  })
  const ttl = app.config.readCacheMs
  if (!ttl)
    return
  const cache = new Map<string, Entry>()
  const filling = new Map<string, Fill>()
  const fillOf = new WeakMap<FastifyRequest, Fill>()

  const keyOf = (request: FastifyRequest) => `${request.url}|${negotiatedEncoding(request)}`
  const answer = (reply: FastifyReply, entry: Entry, how: 'hit' | 'stale' | 'shared') => reply.headers(entry.headers).header('x-read-cache', how).send(entry.payload)

  /** This request fetches the answer; requests for the same answer wait for it (or, with `stale`, get that). */
  function fill(request: FastifyRequest, key: string, tag: ReadCacheTag, now: number) {
    let resolve!: Fill['resolve']
    const done = new Promise<Entry | undefined>((r) => {
      resolve = r
    })
    const f: Fill = { key, tag, since: now, done, resolve }
    fillOf.set(request, f)
    filling.set(key, f)
  }

  function settle(request: FastifyRequest, entry: Entry | undefined) {
    const f = fillOf.get(request)
    if (!f)
      return
    fillOf.delete(request)
    f.resolve(entry)
    if (filling.get(f.key) === f)
      filling.delete(f.key)
  }

  app.addHook('onRequest', async (request, reply) => {
    const tag = request.routeOptions.config.readCache
    if (request.method !== 'GET' || !tag)
      return
    const key = keyOf(request)
    const now = Date.now()
    const entry = cache.get(key)
    if (entry && now < entry.expires)
      return answer(reply, entry, 'hit')
    if (entry && now < entry.expires + ttl) {
      // expired but within the bound: one request fetches anew, the others meanwhile get this one
      if (entry.refreshingSince !== undefined && now - entry.refreshingSince < ttl)
        return answer(reply, entry, 'stale')
      entry.refreshingSince = now
      return fill(request, key, tag, now)
    }
    if (entry)
      cache.delete(key)
    const inFlight = filling.get(key)
    if (inFlight && now - inFlight.since < ttl) {
      const fetched = await inFlight.done
      if (fetched)
        return answer(reply, fetched, 'shared')
      return // that fetch failed: this request runs the route itself
    }
    fill(request, key, tag, now)
  })

  // registered after plugins/compress.ts, so this sees the payload as it is sent
  app.addHook('onSend', async (request, reply, payload) => {
    const f = fillOf.get(request)
    if (!f)
      return payload
    // a fetch that failed lets its waiters run the route themselves
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      settle(request, undefined)
      return payload
    }
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name)
      if (value !== undefined)
        headers[name] = String(value)
    }
    const entry: Entry = { tag: f.tag, payload, headers, expires: Date.now() + ttl }
    // kept only while this is still the fetch for its key: not once a write has dropped it (it began before
    // the write) or a later fetch has taken its place (it was slower than the cache's time)
    if (filling.get(f.key) === f) {
      cache.delete(f.key)
      if (cache.size >= MAX_ENTRIES)
        cache.delete(cache.keys().next().value!)
      cache.set(f.key, entry)
    }
    settle(request, entry)
    return payload
  })

  // onSend settles every fetch that answers, its client gone or not (Fastify sends an aborted request's answer
  // through onSend, then runs no onResponse); this is a backstop for an answer that went past onSend
  app.addHook('onResponse', async (request, reply) => {
    settle(request, undefined)
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400)
      return
    const tags = request.routeOptions.config.invalidates ?? READ_CACHE_TAGS
    for (const [key, entry] of cache) {
      if (tags.includes(entry.tag))
        cache.delete(key)
    }
    for (const [key, f] of filling) {
      if (tags.includes(f.tag))
        filling.delete(key)
    }
  })
}, { name: 'read-cache', dependencies: ['config', 'compress'] })
