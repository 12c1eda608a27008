#!/usr/bin/env node
// Fails `npm run build` when a size budget is broken (budgets in scripts/sizes.mjs).
import { brokenBudgets, measureDist } from './sizes.mjs'

const sizes = measureDist()
const kb = n => `${(n / 1024).toFixed(1)} KB`
console.log(`entry JS ${kb(sizes.entryJs.gzip)} gzip (${kb(sizes.entryJs.brotli)} brotli), entry CSS ${kb(sizes.entryCss.gzip)} gzip, largest chunk ${kb(Math.max(...sizes.chunks.map(c => c.gzip)))} gzip`)
const broken = brokenBudgets(sizes)
if (broken.length) {
  console.error(`Size budget broken:\n  ${broken.join('\n  ')}`)
  process.exit(1)
}
