import type { Rolldown } from 'vite'
import vue from '@vitejs/plugin-vue'
import Icons from 'unplugin-icons/vite'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const API_TARGET = process.env.GONGKAI_API ?? 'http://localhost:8080'

/**
 * Staff-only code, by name: a module's file name without its extension, or a built file's name without its
 * `-hash.ext` (a chunk takes its first module's name). Admin* pages and components, *admin* api and
 * composables, the staff store and messages, the *-editor modules, the door check-in, the staff
 * forms' problems (`form-problem`). Such a module never joins a chunk a resident loads, and such a file never goes into a
 * resident's precache (below): the one rule for both.
 */
const STAFF_NAME = /^(?:Admin.*|.*admin.*|staff.*|.*-editor|checkin|form-problem)$/
const RESIDENT_PAGE = /\/src\/client\/pages\/(?!admin\/)/

/** A module's name for STAFF_NAME: its file name without the extension (and the query). */
const moduleName = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')
/** A built file's name for STAFF_NAME: without the directory, the content hash (8 characters) and the extension. */
const builtName = (url: string) => url.slice(url.lastIndexOf('/') + 1).replace(/(?:-[\w-]{8})?\.[^.]*$/, '')

type ModuleInfo = (id: string) => Rolldown.ModuleInfo | null

/**
 * The resident route pages that load a module through static imports alone, or 'entry' when the entry
 * itself does. A module loaded with import() (a page, saved items, offline search) ends the way there
 * (a page counts), unless it is also imported statically: then its importers count too. `through`:
 * which modules the way may pass (all without it).
 */
function pagesLoading(id: string, info: ModuleInfo, through: (id: string) => boolean = () => true): Set<string> | 'entry' {
  const pages = new Set<string>()
  const seen = new Set<string>()
  const todo = [id]
  while (todo.length) {
    const current = todo.pop()!
    const m = seen.has(current) ? null : info(current)
    seen.add(current)
    if (!m || (current !== id && !through(current)))
      continue
    if (m.isEntry)
      return 'entry'
    if (m.dynamicImporters.length && current !== id && RESIDENT_PAGE.test(current))
      pages.add(current)
    todo.push(...m.importers)
  }
  return pages
}

/**
 * Whether a module brings a library the entry does not load (idb with the outbox's IndexedDB code), itself
 * or through the app's modules it imports: in the shared chunk, it would bring that library to every page.
 */
function bringsLibrary(id: string, info: ModuleInfo): boolean {
  const seen = new Set<string>()
  const todo = [id]
  while (todo.length) {
    const current = todo.pop()!
    if (seen.has(current))
      continue
    seen.add(current)
    if (current.includes('/node_modules/')) {
      if (pagesLoading(current, info) !== 'entry')
        return true
    }
    else if (current.includes('/src/client/')) {
      todo.push(...info(current)?.importedIds ?? [])
    }
  }
  return false
}

/**
 * One chunk for the app's own small modules that two or more resident pages share (api/, composables/,
 * stores/, base and offline components, icons): by default each became a chunk of its own, and a page
 * needed up to 17 of them at once, which over HTTP/1.1 (six connections, a round trip each) cost the
 * document page about 0.6 s on the bench's phone profile. Libraries (idb, uqr) and modules the entry
 * already has stay where they were; so does a module that brings a library the entry does not have, and
 * one the pages reach only through such a module (the outbox's model, with its IndexedDB code). A module
 * only staff pages share is never taken.
 */
function sharedAppChunk(id: string, ctx: { getModuleInfo: ModuleInfo }): string | null {
  const path = id.split('?')[0]!
  const info: ModuleInfo = m => ctx.getModuleInfo(m)
  if (!(path.includes('/src/client/') || path.startsWith('~icons/')) || path.includes('/src/client/pages/') || STAFF_NAME.test(moduleName(path)) || bringsLibrary(id, info))
    return null
  const pages = pagesLoading(id, info, m => RESIDENT_PAGE.test(m) || !bringsLibrary(m, info))
  return pages !== 'entry' && pages.size >= 2 ? 'shared' : null
}

export default defineConfig({
  build: {
    outDir: 'dist',
    target: 'es2020',
    // Small modules inline as data: URLs would need a CSP exception; emit them as files.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // a captured module's own imports stay where they are (the entry's, vue, idb): only the listed modules move
        codeSplitting: { groups: [{ name: sharedAppChunk, includeDependenciesRecursively: false }] },
      },
    },
  },
  plugins: [
    vue(),
    Icons({ compiler: 'vue3', scale: 1.25 }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The staff console never goes into a resident's precache: the files named as staff code (STAFF_NAME)
        manifestTransforms: [entries => ({ manifest: entries.filter(e => !STAFF_NAME.test(builtName(e.url))) })],
      },
      manifest: {
        id: '/',
        name: '政务公开',
        short_name: '政务公开',
        description: '上海各区政务公开：政策文件、政策解读、征求意见与政府开放月活动',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#b3261e',
        categories: ['government', 'news'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  server: {
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
})
