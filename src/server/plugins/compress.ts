import type { FastifyRequest } from 'fastify'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import fp from 'fastify-plugin'

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

/** Smaller answers are sent as they are: compressing them saves less than a packet. */
const MIN_BYTES = 1400

/** The encoding an answer to this request is sent in: brotli if the client takes it, else gzip, else none. */
export function negotiatedEncoding(request: FastifyRequest): 'br' | 'gzip' | 'identity' {
  const accepted = String(request.headers['accept-encoding'] ?? '')
  return /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : 'identity'
}

/**
 * API answers compressed for the phone's slow link: a long plan's JSON is about 100 KB, 25 KB as brotli,
 * and it is on the document page's critical path (bench/run.ts part 2). Brotli at quality 5, off the event
 * loop in zlib's thread pool, else gzip; static files are precompressed at build time instead
 * (plugins/static.ts). Quality 5 takes about as long as 4 (0.75 against 0.69 ms for the 2023 Pudong plan's
 * 46.6 KB) and makes 9.4 KB of it, not 10.8 KB: quality 4 lost even to gzip (10.5 KB). Quality 8 and up
 * took 3 to 31 ms for 9.2 to 8.5 KB.
 */
export default fp(async (app) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || Buffer.byteLength(payload) < MIN_BYTES || reply.hasHeader('content-encoding'))
      return payload
    if (!String(reply.getHeader('content-type') ?? '').includes('json'))
      return payload
    // once only: an answer from plugins/read-cache.ts comes with the Vary it was sent with
    const vary = reply.getHeader('vary')
    if (!/\baccept-encoding\b/i.test(String(vary ?? '')))
      reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding')
    const encoding = negotiatedEncoding(request)
    if (encoding === 'identity')
      return payload
    reply.header('content-encoding', encoding)
    return encoding === 'br'
      ? brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: payload.length } })
      : gz(payload, { level: 6 })
  })
}, { name: 'compress' })
