import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

const NO_CACHE = new Set(['index.html', 'sw.js', 'manifest.webmanifest', 'registerSW.js'])

/**
 * Serves the built PWA from `config.clientDir`: hashed assets for a year, immutable; the shell, the
 * manifest and the service worker `no-cache` so a new deployment is seen at once.
 */
export default fp(async (app) => {
  const root = app.config.clientDir
  if (!root || !existsSync(join(root, 'index.html')))
    return
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    // .br and .gz written at build time (scripts/compress-dist.mjs), chosen by Accept-Encoding
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      // the file sent may be its precompressed copy: judge by the original name
      const name = filePath.slice(filePath.lastIndexOf('/') + 1).replace(/\.(?:br|gz)$/, '')
      if (filePath.includes('/assets/'))
        res.header('Cache-Control', 'public, max-age=31536000, immutable')
      else if (NO_CACHE.has(name))
        res.header('Cache-Control', 'no-cache')
      else
        res.header('Cache-Control', 'public, max-age=86400')
    },
  })
  app.decorate('hasClient', true)
}, { name: 'static', dependencies: ['config'] })

declare module 'fastify' {
  interface FastifyInstance {
    hasClient?: boolean
  }
}
