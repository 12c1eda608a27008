#!/usr/bin/env node
// Runs a command with TEST_DATABASE_URL pointing at a real PostgreSQL server: the one already named in
// TEST_DATABASE_URL, or a throw-away cluster started here from the installed PostgreSQL binaries and
// removed afterwards, whatever happens. Usage: node scripts/with-postgres.mjs <command> [args…]
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]')
  process.exit(2)
}

function findPgBin() {
  if (process.env.PG_BIN)
    return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (!existsSync(root))
    return undefined
  const versions = readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b))
  // Production runs PostgreSQL 15: prefer it when several are installed.
  const chosen = versions.includes('15') ? '15' : versions.at(-1)
  return chosen ? join(root, chosen, 'bin') : undefined
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    }).on('error', reject)
  })
}

function run(cmd, cmdArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit', env, shell: process.platform === 'win32' })
    const forward = signal => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

if (process.env.TEST_DATABASE_URL) {
  process.exit(await run(command, args, process.env))
}

const bin = findPgBin()
if (!bin) {
  console.error([
    'PostgreSQL server binaries were not found (looked in /usr/lib/postgresql/*/bin).',
    'The API suite must also run on a real PostgreSQL server. Either:',
    '  - install them:  apt-get update && apt-get install -y postgresql',
    '  - or point at a server:  TEST_DATABASE_URL=postgres://user@host:5432/db npm test',
  ].join('\n'))
  process.exit(1)
}

const isRoot = process.getuid?.() === 0
const dir = mkdtempSync(join(tmpdir(), 'gongkai-pg-'))
const data = join(dir, 'data')
const idOf = flag => Number(spawnSync('id', [flag, 'postgres']).stdout.toString().trim())
if (isRoot)
  chownSync(dir, idOf('-u'), idOf('-g'))
// initdb refuses to run as root: run the server tools as the postgres user.
const asPg = (tool, toolArgs) => isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...toolArgs]] : [join(bin, tool), toolArgs]
function sync(tool, toolArgs) {
  const [cmd, a] = asPg(tool, toolArgs)
  const result = spawnSync(cmd, a, { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`${tool} failed:\n${result.stdout}\n${result.stderr}`)
}

const port = await freePort()
let started = false
function stop() {
  if (started) {
    started = false
    try {
      sync('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    }
    catch (e) {
      console.error(String(e))
    }
  }
  rmSync(dir, { recursive: true, force: true })
}
process.on('exit', stop)

let code = 1
try {
  // C.UTF-8 ctype so pg_trgm sees Chinese characters as trigram characters.
  sync('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--lc-collate=C', '--lc-ctype=C.UTF-8'])
  sync('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`, 'start'])
  started = true
  sync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'create database gongkai'])
  const url = `postgres://postgres@127.0.0.1:${port}/gongkai`
  console.log(`Throw-away PostgreSQL (${bin}) on ${url}`)
  code = await run(command, args, { ...process.env, TEST_DATABASE_URL: url })
}
catch (error) {
  console.error(String(error))
}
finally {
  stop()
}
process.exit(code)
