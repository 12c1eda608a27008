import type { ReportReason } from '../../shared/constants'
import type { ActedOn } from './acted-on'
import { ref } from 'vue'
import { reportComment } from '../api/consultations'
import { errorText } from '../api/http'
import { useI18n } from '../i18n'
import { deviceId } from './device'

/**
 * Reporting one published comment: once per device (`reported`, the page's list of comments this device
 * reported, read once for all its comments; counted once by the server), with a reason. `outcome` says what
 * happened; `problem` is the server's or the network's message.
 */
export function useCommentReport(consultationId: number, commentId: number, reported: ActedOn) {
  const { t } = useI18n()
  const outcome = ref<'done' | 'hidden' | 'already'>(reported.has(commentId) ? 'already' : undefined as never)
  const problem = ref<string>()
  const busy = ref(false)

  async function send(reason: ReportReason) {
    busy.value = true
    problem.value = undefined
    try {
      const result = await reportComment(consultationId, commentId, { deviceId: deviceId(), reason })
      reported.remember(commentId)
      outcome.value = result.hidden ? 'hidden' : 'done'
    }
    catch (e) {
      problem.value = errorText(e, t)
    }
    finally {
      busy.value = false
    }
  }
  return { outcome, problem, busy, send }
}
