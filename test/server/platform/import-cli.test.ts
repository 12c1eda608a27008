import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/server/db/client'
import { documents } from '../../../src/server/db/schema'

const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runImport(...files: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/import.ts', ...files], {
    env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '' },
    encoding: 'utf8',
  })
}

async function importedTitles(): Promise<string[]> {
  const database = await openDatabase({ kind: 'pglite', location: join(dir, 'data', 'pglite') })
  try {
    return (await database.db.select({ title: documents.title }).from(documents)).map(d => d.title)
  }
  finally {
    await database.close()
  }
}

// The CLI on an embedded database; the PostgreSQL run would only repeat it on PGlite.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('npm run import', () => {
  it('imports nothing when one file of a batch cannot be read, and names the line', async () => {
    const bad = join(dir, 'bad.md')
    writeFileSync(bad, '2026年某区工作要点\n\n二、先写了第二部分\n\n（一）内容。\n')
    const result = runImport('src/server/demo/corpus/yangpu-2021-gongkai-yaodian.md', bad)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/bad\.md: 第 3 行/)
    expect(result.stderr).toContain('Nothing was imported.')
    expect(await importedTitles()).toEqual([])
  }, 60_000)

  it('imports real plans with their structure', async () => {
    const result = runImport('src/server/demo/corpus/yangpu-2021-gongkai-yaodian.md', 'src/server/demo/corpus/pudong-2023-gongkai-yaodian.md')
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('《2021年杨浦区政务公开工作要点》 杨府办〔2021〕10号 — 7 parts, 23 items, 0 task rows')
    expect(result.stdout).toContain('— 9 parts, 33 items, 70 task rows')
    expect((await importedTitles()).sort()).toEqual(['2021年杨浦区政务公开工作要点', '2023年浦东新区政务公开工作要点'])
  }, 60_000)
})
