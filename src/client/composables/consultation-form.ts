import type { Problem } from '../../shared/schemas/problem'
import { ref } from 'vue'
import { errorWithField } from '../api/http'
import { useI18n } from '../i18n'

/**
 * The problem a staff form got back, tied to its field: `fieldError('title')` is the message to show under the
 * title input; a problem without a field (or with one the form has no input for) shows at the top as `general`.
 */
export function useFormProblem(fields: () => string[]) {
  const { t } = useI18n()
  const problem = ref<Pick<Problem, 'detail' | 'field'>>()
  const busy = ref(false)
  const shownAt = (field: string | undefined) => field ? fields().find(f => field === f || field.startsWith(`${f}.`)) : undefined
  const fieldError = (name: string) => problem.value && shownAt(problem.value.field) === name ? problem.value.detail : undefined
  const general = () => problem.value && !shownAt(problem.value.field) ? problem.value.detail : undefined
  /** aria-describedby for an input: its hint (if any) and its error (when shown). */
  const describedBy = (id: string, name: string, hint = false) => [hint ? `${id}-hint` : '', fieldError(name) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined

  async function submit<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    problem.value = undefined
    try {
      return await work()
    }
    catch (e) {
      const { field, text } = errorWithField(e, t)
      problem.value = { detail: text, field }
      return undefined
    }
    finally {
      busy.value = false
    }
  }
  return { problem, busy, fieldError, general, describedBy, submit }
}
