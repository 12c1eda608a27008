import type { ReportReason } from '../../shared/constants'
import { ref } from 'vue'
import { reportComment } from '../api/consultations'
import { ApiError } from '../api/http'
import { useI18n } from '../i18n'
import { deviceId } from './device'

const KEY = 'gongkai.reported-comments'

function remembered(): number[] {
  try {
    const ids = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(ids) ? ids.filter((n): n is number => typeof n === 'number') : []
  }
  catch {
    return []
  }
}

/**
 * Reporting one published comment: once per device (remembered here, counted once by the server), with a
 * reason. `outcome` says what happened; `problem` is the server's or the network's message.
 */
export function useCommentReport(consultationId: number, commentId: number) {
  const { t } = useI18n()
  const outcome = ref<'done' | 'hidden' | 'already'>(remembered().includes(commentId) ? 'already' : undefined as never)
  const problem = ref<string>()
  const busy = ref(false)

  async function send(reason: ReportReason) {
    busy.value = true
    problem.value = undefined
    try {
      const result = await reportComment(consultationId, commentId, { deviceId: deviceId(), reason })
      localStorage.setItem(KEY, JSON.stringify([...remembered().filter(id => id !== commentId), commentId].slice(-500)))
      outcome.value = result.hidden ? 'hidden' : 'done'
    }
    catch (e) {
      problem.value = e instanceof ApiError ? (e.offline ? t('errors.network') : e.problem?.detail ?? t('errors.unknown')) : t('errors.unknown')
    }
    finally {
      busy.value = false
    }
  }
  return { outcome, problem, busy, send }
}
