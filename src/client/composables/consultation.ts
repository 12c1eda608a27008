import { computed } from 'vue'
import { getConsultation, getReport, listComments } from '../api/consultations'
import { useResource } from './resource'

/** A consultation with its published comments and, once out, its report; `fetchedAt` as useResource's. */
export function useConsultation(id: () => number) {
  const { data, error, load, fetchedAt } = useResource(id, async (key) => {
    const [detail, comments] = await Promise.all([getConsultation(key), listComments(key)])
    return { detail, comments, report: detail.status === 'reported' ? await getReport(key) : undefined }
  })
  return {
    detail: computed(() => data.value?.detail),
    comments: computed(() => data.value?.comments ?? []),
    report: computed(() => data.value?.report),
    error,
    load,
    fetchedAt,
  }
}

/** Paragraphs of a plain text written with blank lines between them. */
export function paragraphs(text: string): string[] {
  return text.split(/\n{2,}/).map(p => p.trim()).filter(Boolean)
}
