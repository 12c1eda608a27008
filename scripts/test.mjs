#!/usr/bin/env node
// `npm test`: every check, in order, each run even when an earlier one failed, then one summary line.
//   1. type-check (vue-tsc, one tsconfig per environment)   2. lint (ESLint, with the borders)
//   3. unit, client and API tests on PGlite (vitest)          4. the API tests again on real PostgreSQL
//   5. end-to-end tests in headless Chromium
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const RESULTS = 'test-results'
rmSync(`${RESULTS}/json`, { recursive: true, force: true })
mkdirSync(`${RESULTS}/json`, { recursive: true })

const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json']
const steps = [
  { name: 'type-check', cmd: ['node_modules/vue-tsc/bin/vue-tsc.js', '-b'] },
  { name: 'lint', cmd: ['node_modules/eslint/bin/eslint.js', '.'] },
  { name: 'unit, client and API tests (PGlite)', cmd: [...vitest, `--outputFile=${RESULTS}/json/pglite.json`], json: 'pglite' },
  { name: 'API tests (PostgreSQL)', cmd: ['scripts/with-postgres.mjs', ...vitest, '--project', 'api', `--outputFile=${RESULTS}/json/postgres.json`], json: 'postgres' },
  { name: 'end-to-end tests (Chromium)', cmd: [...vitest, '--config', 'vitest.e2e.config.ts', `--outputFile=${RESULTS}/json/e2e.json`], json: 'e2e' },
]

const only = process.argv.slice(2)
let passed = 0
let failed = 0
const failures = []
for (const step of steps) {
  if (only.length && !only.some(o => step.name.toLowerCase().includes(o.toLowerCase())))
    continue
  console.log(`\n━━ ${step.name} ━━`)
  const started = Date.now()
  const result = spawnSync(process.execPath, step.cmd, { stdio: 'inherit' })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const file = step.json && `${RESULTS}/json/${step.json}.json`
  if (file && existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    passed += report.numPassedTests
    failed += report.numFailedTests
    if (report.numTotalTests === 0)
      failures.push(`${step.name}: ran no test`)
  }
  if (result.status !== 0)
    failures.push(`${step.name} (exit ${result.status ?? result.signal})`)
  console.log(`━━ ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds}s`)
}

console.log('')
for (const f of failures)
  console.log(`FAILED: ${f}`)
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(failures.length ? 1 : 0)
