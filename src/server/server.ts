import { resolve } from 'node:path'
import closeWithGrace from 'close-with-grace'
import Fastify from 'fastify'
import app, { fastifyOptions } from './app'
import { ConfigError, configFromEnv, loadEnv } from './config'
import { loadDemoContent } from './demo/load'
import { ensureFirstAdmin, wrapLegacyRecoveryCodes } from './services/bootstrap'

// The entry point: read the environment, build the app, prepare first start, listen, close gracefully.
let env
try {
  env = loadEnv()
}
catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}

const config = configFromEnv(env, resolve(env.GONGKAI_CLIENT_DIR))
const server = Fastify(fastifyOptions(config, env.LOG_LEVEL))
await server.register(app, { config })

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err)
    server.log.error({ err }, 'closing after an error')
  else
    server.log.info({ signal }, 'closing: finishing requests in flight')
  await server.close()
})

await server.ready()
const firstAdmin = await ensureFirstAdmin(server.db, { email: env.GONGKAI_ADMIN_EMAIL, password: env.GONGKAI_ADMIN_PASSWORD, totpSecret: env.GONGKAI_ADMIN_TOTP_SECRET }, server.now())
const wrapped = await wrapLegacyRecoveryCodes(server.db)
if (wrapped)
  server.log.info({ event: 'recovery-codes-wrapped', count: wrapped }, 'recovery codes stored as SHA-256 are now kept in argon2id')
const demo = env.GONGKAI_DEMO ? await loadDemoContent(server.db) : undefined
await server.listen({ port: env.PORT, host: env.HOST })

const url = `http://localhost:${(server.server.address() as { port: number }).port}`
const lines = [``, `  政务公开 Gongkai is running on ${url}  (database: ${server.dbKind})`]
if (demo?.loaded)
  lines.push(`  Demo content loaded: ${demo.summary}`)
if (firstAdmin) {
  lines.push(`  Staff sign-in: ${url}/admin  as ${firstAdmin.email}`)
  if (firstAdmin.renewed)
    lines.push(`  No admin could sign in: every temporary password had expired unused (72 hours). A new one for ${firstAdmin.email}:`)
  lines.push(firstAdmin.password
    ? `  Password (shown once; it works for 72 hours and must be changed at the first sign-in, on 账户安全): ${firstAdmin.password}`
    : `  Password: the one in GONGKAI_ADMIN_PASSWORD`)
  lines.push(env.GONGKAI_ADMIN_TOTP_SECRET
    ? `  Second factor: codes from the secret in GONGKAI_ADMIN_TOTP_SECRET`
    : `  Second factor: set up an authenticator app at the first sign-in`)
}
console.log(`${lines.join('\n')}\n`)
