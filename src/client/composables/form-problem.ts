import type { Problem } from '../../shared/schemas/problem'
import { computed, nextTick, ref } from 'vue'
import { errorWithField } from '../api/http'
import { useI18n } from '../i18n'

/**
 * The problem a staff form got back, tied to its field: `fieldError('title')` is the message to show under the
 * title input; a problem without a field (or with one the form has no input for) shows at the top as `general`.
 * `fields` lists the field names the form shows inputs for; a problem naming a field inside one of them
 * (`articles.3.text` in a form with `articles`) is shown at that one.
 */
export function useFormProblem(fields: () => string[]) {
  const { t } = useI18n()
  const problem = ref<Pick<Problem, 'detail' | 'field'>>()
  const busy = ref(false)
  /** the field the problem is shown at, if the form shows it */
  const shown = computed(() => {
    const named = problem.value?.field
    return named ? fields().find(f => named === f || named.startsWith(`${f}.`)) : undefined
  })
  const fieldError = (name: string) => shown.value === name ? problem.value?.detail : undefined
  const general = () => problem.value && !shown.value ? problem.value.detail : undefined
  const describedBy = (id: string, name: string, hint = false) => [hint ? `${id}-hint` : '', fieldError(name) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  /**
   * What an input binds (`v-bind="field('cn-title', 'title')"`): its id, whether it is invalid and what describes
   * it (its hint `<id>-hint`, with `hint`, and the `BaseFieldError` for it when the problem is at its field).
   */
  const field = (id: string, name: string, hint = false) => ({ 'id': id, 'aria-invalid': !!fieldError(name), 'aria-describedby': describedBy(id, name, hint) })

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

  /**
   * After a refusal shown at a field: moves focus to that field's input (`inputOf` gives its id), once the
   * message is on the page, so the staff member lands where they correct it and hears the message with it.
   */
  async function focusProblem(inputOf: (name: string) => string | undefined) {
    const name = shown.value
    if (!name)
      return
    await nextTick()
    const id = inputOf(name)
    if (id)
      document.getElementById(id)?.focus()
  }
  return { problem, busy, fieldError, general, field, submit, focusProblem }
}
