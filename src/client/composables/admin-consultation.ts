import type { AdminComment, AdminConsultation } from '../../shared/schemas/consultation-admin'
import type { ConsultationDetail } from '../../shared/schemas/consultations'
import { ref, shallowRef } from 'vue'
import { getAdminConsultation, listAdminComments } from '../api/consultations-admin'
import { ApiError, errorText } from '../api/http'
import { useI18n } from '../i18n'

/** One consultation in the staff console: its facts, draft/final text and every comment. */
export function useAdminConsultation(id: () => number) {
  const { t } = useI18n()
  const consultation = shallowRef<AdminConsultation>()
  const detail = shallowRef<ConsultationDetail>()
  const comments = shallowRef<AdminComment[]>([])
  const error = ref<ApiError>()

  async function load() {
    error.value = undefined
    try {
      const [d, c] = await Promise.all([getAdminConsultation(id()), listAdminComments(id())])
      consultation.value = d.consultation
      detail.value = d.detail
      comments.value = c
    }
    catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(undefined)
    }
  }

  /** Runs a staff action, then reloads; returns the problem text when it failed. */
  async function act(action: () => Promise<unknown>): Promise<string | undefined> {
    try {
      await action()
      await load()
      return undefined
    }
    catch (e) {
      return errorText(e, t)
    }
  }

  return { consultation, detail, comments, error, load, act }
}

/** Toggles an id in a selection list. */
export function toggle(list: number[], id: number): number[] {
  return list.includes(id) ? list.filter(x => x !== id) : [...list, id]
}
