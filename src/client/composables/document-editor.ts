import type { DocumentInput, ParsePreview } from '../../shared/schemas/library-admin'
import { reactive, ref } from 'vue'
import * as editor from '../api/library-editor'
import { useFormProblem } from './form-problem'

/** An empty document form with sensible defaults for a district editor. */
export function blankDocument(): DocumentInput {
  return { title: '', docNumber: '', issuer: '', level: 'district', district: null, type: 'normative', status: 'valid', issuedOn: null, validFrom: null, validUntil: null, topics: [], audiences: ['residents'], summary: '', titleEn: null, bodyEn: null, serviceLinks: [] }
}

/** The document editor's state and actions: load, check the pasted text, save, publish, withdraw. */
export function useDocumentEditor() {
  const form = reactive<DocumentInput>(blankDocument())
  const source = ref('')
  const preview = ref<ParsePreview>()
  const meta = ref<{ publishedAt: string | null, interpretationWaiver: string | null }>({ publishedAt: null, interpretationWaiver: null })
  const interpretations = ref<editor.AdminInterpretation[]>([])
  // the fields the page shows a message at; every problem is also said at the top (`error`)
  const { problem: error, busy, submit: run, fieldError, field } = useFormProblem(() => ['source', 'titleEn', 'bodyEn', 'interpretationWaiver'])

  // a slower, older load must not overwrite a newer one (a click can outrun the page's first load)
  let loads = 0
  async function load(id: number) {
    const mine = ++loads
    const found = await editor.getDocumentForEdit(id)
    if (mine !== loads)
      return
    const { id: _id, publishedAt, interpretationWaiver, ...input } = found.document
    Object.assign(form, blankDocument(), input)
    meta.value = { publishedAt, interpretationWaiver }
    interpretations.value = found.interpretations
  }

  /** Fills empty fields from what the importer read. */
  const check = () => run(async () => {
    preview.value = await editor.parseSource(source.value)
    form.title ||= preview.value.title
    form.docNumber ||= preview.value.docNumber ?? ''
    form.issuer ||= preview.value.issuer ?? ''
    form.issuedOn ||= preview.value.issuedAt
  })

  const body = (): DocumentInput => ({ ...form, docNumber: form.docNumber || null, ...(source.value.trim() ? { source: source.value } : {}) })
  const save = (id?: number) => run(async () => {
    if (!id)
      return (await editor.createDocument(body())).id
    await editor.updateDocument(id, body())
    return id
  })
  // true when done; undefined when refused (the reason is in `error`)
  const publish = (id: number, waiver?: string) => run(async () => {
    await editor.publishDocument(id, waiver)
    return true
  })
  const withdraw = (id: number) => run(async () => {
    await editor.withdrawDocument(id)
    return true
  })

  return { form, source, preview, meta, interpretations, error, busy, fieldError, field, load, check, save, publish, withdraw }
}
