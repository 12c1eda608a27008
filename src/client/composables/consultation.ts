import type { ConsultationDetail, ConsultationReport, PublicComment } from '../../shared/schemas/consultations'
import { ref, shallowRef } from 'vue'
import { getConsultation, getReport, listComments } from '../api/consultations'
import { ApiError } from '../api/http'

/** A consultation with its published comments and, once out, its report. */
export function useConsultation(id: () => number) {
  const detail = shallowRef<ConsultationDetail>()
  const comments = shallowRef<PublicComment[]>([])
  const report = shallowRef<ConsultationReport>()
  const error = ref<ApiError>()

  async function load() {
    error.value = undefined
    try {
      const [d, c] = await Promise.all([getConsultation(id()), listComments(id())])
      detail.value = d
      comments.value = c
      report.value = d.status === 'reported' ? await getReport(id()) : undefined
    }
    catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(undefined)
    }
  }

  return { detail, comments, report, error, load }
}

/** Paragraphs of a plain text written with blank lines between them. */
export function paragraphs(text: string): string[] {
  return text.split(/\n{2,}/).map(p => p.trim()).filter(Boolean)
}
