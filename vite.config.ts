import vue from '@vitejs/plugin-vue'
import Icons from 'unplugin-icons/vite'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const API_TARGET = process.env.GONGKAI_API ?? 'http://localhost:8080'

export default defineConfig({
  build: {
    outDir: 'dist',
    target: 'es2020',
    // Small modules inline as data: URLs would need a CSP exception; emit them as files.
    assetsInlineLimit: 0,
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
        // The staff console never goes into a resident's precache: every staff module's chunk is named here
        // (pages and components Admin*, api/*-admin and library-editor, stores/staff, composables for editors).
        globIgnores: ['**/Admin*', '**/admin-*', '**/*-admin-*', '**/staff-*', '**/library-editor-*', '**/document-editor-*', '**/event-editor-*', '**/checkin-*', '**/consultation-form-*'],
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
