import antfu from '@antfu/eslint-config'

// Borders between environments, enforced here and by one tsconfig per environment:
// shared/ runs anywhere (no DOM, no node:*), server/ is Node only, client/ and sw/ are browser only.
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement', 'indexedDB']
const noDom = DOM_GLOBALS.map(name => ({ name, message: 'No DOM here: this code also runs on the server.' }))

export default antfu(
  {
    vue: true,
    typescript: true,
    formatters: false,
    ignores: ['dist/**', 'data/**', 'src/server/db/migrations/**', 'src/server/demo/corpus/**', 'bench/results/**', '**/*.md'],
  },
  {
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // tests are named by route, as the house style does: describe('POST /api/events/:id/registrations')
      'test/prefer-lowercase-title': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': ['error', ...noDom, { name: 'process', message: 'shared/ runs in the browser too.' }, { name: 'Buffer', message: 'shared/ runs in the browser too.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'shared/ runs in the browser too.' }, { group: ['**/client/**', '**/server/**', 'vue', 'fastify'], message: 'shared/ depends on nothing app-specific.' }] }],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-globals': ['error', ...noDom],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/**', '**/sw/**', 'vue', 'vue-router', 'pinia'], message: 'The server never imports browser code.' }] }],
      'node/prefer-global/process': 'off',
      'node/prefer-global/buffer': 'off',
    },
  },
  {
    files: ['src/client/**', 'src/sw/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in the browser: use import.meta.env.' }, { name: 'Buffer', message: 'No Buffer in the browser.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'No Node modules in the browser.' }, { group: ['**/server/**'], message: 'The client talks to the server through client/api only.' }] }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '*.config.*'],
    rules: { 'no-console': 'off', 'node/prefer-global/process': 'off', 'node/prefer-global/buffer': 'off' },
  },
  {
    // entry points: they print to the terminal and await at top level
    files: ['src/server/server.ts', 'src/server/cli/**', 'scripts/**'],
    rules: { 'no-console': 'off', 'antfu/no-top-level-await': 'off' },
  },
)
