import type { AdminComment, AdminConsultation } from '../../shared/schemas/consultation-admin'
import type { ConsultationDetail } from '../../shared/schemas/consultations'
import { shallowRef } from 'vue'
import { getAdminConsultation, listAdminComments } from '../api/consultations-admin'
import { errorText } from '../api/http'
import { useI18n } from '../i18n'
import { useAction } from './action'

/** One consultation in the staff console: its facts, draft/final text and every comment. */
export function useAdminConsultation(id: () => number) {
  const { t } = useI18n()
  const consultation = shallowRef<AdminConsultation>()
  const detail = shallowRef<ConsultationDetail>()
  const comments = shallowRef<AdminComment[]>([])
  const { error, run } = useAction()

  async function load() {
    await run(async () => {
      const [d, c] = await Promise.all([getAdminConsultation(id()), listAdminComments(id())])
      consultation.value = d.consultation
      detail.value = d.detail
      comments.value = c
    })
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
