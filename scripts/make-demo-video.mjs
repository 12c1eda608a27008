#!/usr/bin/env node
// Renders the demo video interpretation (public/demo/canteen-video.webm) in headless Chromium: slides of
// Chinese text drawn on a canvas and recorded with MediaRecorder. Run again after changing the slides; the
// WebM, its WebVTT captions and the transcript in src/server/demo/library.ts are committed together.
import { writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const SLIDES = [
  ['长者食堂怎么吃饭', '三分钟看懂补贴和用餐'],
  ['谁能享受补贴', '60周岁及以上的常住老年人'],
  ['每餐补多少', '60—79周岁 每餐补3至5元，80周岁以上再加2元'],
  ['行动不便怎么办', '向居委会申请助餐送餐服务'],
]
const SECONDS = 3

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] })
const page = await browser.newPage()
await page.setContent('<canvas width="640" height="360"></canvas>')
const base64 = await page.evaluate(async ({ slides, seconds }) => {
  const canvas = document.querySelector('canvas')
  const ctx = canvas.getContext('2d')
  const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 250_000 })
  const chunks = []
  recorder.ondataavailable = e => chunks.push(e.data)
  const done = new Promise(resolve => recorder.onstop = resolve)
  recorder.start()
  for (const [title, line] of slides) {
    const until = performance.now() + seconds * 1000
    while (performance.now() < until) {
      ctx.fillStyle = '#b3261e'
      ctx.fillRect(0, 0, 640, 360)
      ctx.fillStyle = '#fff'
      ctx.textAlign = 'center'
      ctx.font = '700 44px "Noto Sans CJK SC", sans-serif'
      ctx.fillText(title, 320, 160)
      ctx.font = '26px "Noto Sans CJK SC", sans-serif'
      ctx.fillText(line, 320, 230)
      await new Promise(r => setTimeout(r, 66))
    }
  }
  recorder.stop()
  await done
  const buffer = await new Blob(chunks, { type: 'video/webm' }).arrayBuffer()
  let binary = ''
  new Uint8Array(buffer).forEach(b => binary += String.fromCharCode(b))
  return btoa(binary)
}, { slides: SLIDES, seconds: SECONDS })
await browser.close()
writeFileSync('public/demo/canteen-video.webm', Buffer.from(base64, 'base64'))

const time = s => `00:00:${String(s).padStart(2, '0')}.000`
const cues = SLIDES.map(([title, line], i) => `${i + 1}\n${time(i * SECONDS)} --> ${time((i + 1) * SECONDS)}\n${title}：${line}`)
writeFileSync('public/demo/canteen-video.zh.vtt', `WEBVTT\n\n${cues.join('\n\n')}\n`)
console.log('wrote public/demo/canteen-video.webm and canteen-video.zh.vtt')
