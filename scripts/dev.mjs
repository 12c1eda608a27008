#!/usr/bin/env node
// `npm run dev`: the API on :8080 (restarting on change) and Vite's dev server on :5173, proxying /api to it.
import { spawn } from 'node:child_process'

const port = process.env.PORT ?? '8080'
const children = [
  spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'watch', '--clear-screen=false', 'src/server/server.ts'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
  // Vite's proxy follows the API's port (vite.config.ts reads GONGKAI_API)
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit', env: { ...process.env, GONGKAI_API: `http://localhost:${port}` } }),
]
const stop = () => children.forEach(c => c.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) {
  child.on('exit', (code) => {
    stop()
    process.exitCode = code ?? 0
  })
}
