import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { negotiatedEncoding } from './compress'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a public read whose answer is the same for every resident: `plugins/read-cache.ts` may answer it from memory */
    readCache?: boolean
  }
}

interface Entry { payload: string | Buffer, headers: Record<string, string>, expires: number }

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
 * - `GONGKAI_READ_CACHE_MS` (default 1000) bounds how stale an answer can be; 0 turns the cache off.
 *   A successful write in this process empties it at once, so a resident who has just signed up or a
 *   member of staff who has just published sees the change on their next read; other processes see it
 *   within the bound. Several stateless processes on one PostgreSQL stay correct without talking.
 */
export default fp(async (app) => {
  const ttl = app.config.readCacheMs
  if (!ttl)
    return
  const cache = new Map<string, Entry>()

  const keyOf = (request: FastifyRequest) => `${request.url}|${negotiatedEncoding(request)}`

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !request.routeOptions.config.readCache)
      return
    const key = keyOf(request)
    const hit = cache.get(key)
    if (!hit)
      return
    if (hit.expires <= Date.now()) {
      cache.delete(key)
      return
    }
    reply.headers(hit.headers).header('x-read-cache', 'hit')
    return reply.send(hit.payload)
  })

  // registered after plugins/compress.ts, so this sees the payload as it is sent
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !request.routeOptions.config.readCache || reply.hasHeader('x-read-cache'))
      return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload))
      return payload
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name)
      if (value !== undefined)
        headers[name] = String(value)
    }
    if (cache.size >= MAX_ENTRIES)
      cache.delete(cache.keys().next().value!)
    cache.set(keyOf(request), { payload, headers, expires: Date.now() + ttl })
    return payload
  })

  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
      cache.clear()
  })
}, { name: 'read-cache', dependencies: ['config', 'compress'] })
