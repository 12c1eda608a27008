import type { ParsedDocument } from '../importer/parse'
// `npm run import -- FILE…`: imports published plans (Markdown or plain text) into the database that
// DATABASE_URL or DATA_DIR names. Each file is parsed completely before anything is written, and all
// files are written in one transaction: a file that cannot be read leaves nothing half-imported.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { configFromEnv, loadEnv } from '../config'
import { openDatabase } from '../db/client'
import { ImportError, parseDocument } from '../importer/parse'
import { upsertDocument } from '../repositories/documents'

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: npm run import -- FILE… (Markdown or plain text plans)')
  process.exit(2)
}

const parsed: Array<{ file: string, doc: ParsedDocument }> = []
for (const file of files) {
  try {
    parsed.push({ file, doc: parseDocument(readFileSync(file, 'utf8'), { fileName: file }) })
  }
  catch (error) {
    if (error instanceof ImportError) {
      console.error(`${file}: ${error.message}`)
      console.error('Nothing was imported.')
      process.exit(1)
    }
    throw error
  }
}

const config = configFromEnv(loadEnv())
const database = await openDatabase(config.database)
try {
  await database.db.transaction(async (tx) => {
    for (const { file, doc } of parsed) {
      const id = await upsertDocument(tx, {
        slug: basename(file).replace(/\.(md|txt)$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
        title: doc.title,
        docNumber: doc.docNumber,
        issuer: doc.issuer ?? '（未注明）',
        level: 'district',
        type: 'work-plan',
        status: 'valid',
        issuedOn: doc.issuedAt,
        publishedAt: new Date(),
        validFrom: doc.issuedAt,
        body: doc.body,
        publiclyReleased: doc.publiclyReleased,
        sourceFile: basename(file),
      })
      const items = doc.body.parts.reduce((n, p) => n + p.items.length, 0)
      console.log(`${file}: 《${doc.title}》 ${doc.docNumber ?? '（无文号）'} — ${doc.body.parts.length} parts, ${items} items, ${doc.body.tables.reduce((n, t) => n + t.rows.length, 0)} task rows → document ${id}`)
    }
  })
}
finally {
  await database.close()
}
