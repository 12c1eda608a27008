import type { Problem } from '../../shared/schemas/problem'
import { computed, nextTick, ref } from 'vue'
import { errorWithField } from '../api/http'
import { useI18n } from '../i18n'
import { useAction } from './action'

/**
 * What an input binds for its message (`v-bind="fieldAttrs('cn-draft', draftError, true)"`): its id, whether it
 * is invalid, and what describes it: its hint `<id>-hint` with `hint`, and its `AdminFieldError` (`<id>-error`)
 * while it has a message. For a field whose message is not one problem's (`useFormProblem().field` is).
 */
export function fieldAttrs(id: string, message: string | undefined, hint = false) {
  const describedBy = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ') || undefined
  return { 'id': id, 'aria-invalid': !!message, 'aria-describedby': describedBy }
}

/**
 * The problem a staff form got back, tied to its field: `fieldError('title')` is the message to show under the
 * title input; a problem without a field (or with one the form has no input for) shows at the top as `general`.
 * `fields` lists the field names the form shows inputs for; a problem naming a field inside one of them
 * (`articles.3.text` in a form with `articles`) is shown at that one.
 */
export function useFormProblem(fields: () => string[]) {
  const { t } = useI18n()
  const problem = ref<Pick<Problem, 'detail' | 'field'>>()
  const { busy, error, run } = useAction()
  /** the field the problem is shown at, if the form shows it */
  const shown = computed(() => {
    const named = problem.value?.field
    return named ? fields().find(f => named === f || named.startsWith(`${f}.`)) : undefined
  })
  const fieldError = (name: string) => shown.value === name ? problem.value?.detail : undefined
  const general = () => problem.value && !shown.value ? problem.value.detail : undefined
  /** What the input of field `name` binds (`v-bind="field('cn-title', 'title')"`): `fieldAttrs` with its message. */
  const field = (id: string, name: string, hint = false) => fieldAttrs(id, fieldError(name), hint)

  /** `useAction`'s run, with what failed shown at its field */
  async function submit<T>(work: () => Promise<T>): Promise<T | undefined> {
    problem.value = undefined
    const result = await run(work)
    if (error.value) {
      const { field, text } = errorWithField(error.value, t)
      problem.value = { detail: text, field }
    }
    return result
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
