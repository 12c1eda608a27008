#!/usr/bin/env node
// Renders the app icons (PNG) from one emblem with headless Chromium; run after changing the emblem.
// The PNGs are committed: building the app does not need Chromium.
import { writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

function emblem(size, { padding = 0, radius = 0.22 } = {}) {
  return `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${size}px;height:${size}px;background:#b3261e;border-radius:${padding ? 0 : radius * size}px;display:flex;align-items:center;justify-content:center">
<span style="color:#fff;font:700 ${Math.round((size - 2 * padding) * 0.6)}px 'Noto Sans CJK SC',sans-serif;line-height:1">公</span></div></body></html>`
}

const targets = [
  ['public/icons/icon-192.png', 192, {}],
  ['public/icons/icon-512.png', 512, {}],
  // maskable: full-bleed background, the glyph inside the 80 % safe zone
  ['public/icons/maskable-512.png', 512, { padding: 80 }],
  ['public/icons/apple-touch-icon.png', 180, { padding: 20 }],
]

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage()
for (const [file, size, opts] of targets) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(emblem(size, opts))
  writeFileSync(file, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }))
  console.log(`wrote ${file}`)
}
await browser.close()
