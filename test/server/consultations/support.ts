import type { FastifyInstance } from 'fastify'
import type { ArticleInput } from '../../../src/server/repositories/consultations'
import { randomUUID } from 'node:crypto'
import { createConsultation } from '../../../src/server/repositories/consultations'
import { jsonWrite, newStaffSession } from '../../support/app'

const HOUR = 3_600_000

export const SIX_ARTICLES: ArticleInput[] = [
  { anchor: 'a1', chapter: '第一章 总则', text: '为改善老旧住宅居住条件，制定本办法。' },
  { anchor: 'a2', text: '本办法适用于本区行政区域内已建成投入使用、未设电梯的四层及以上住宅。' },
  { anchor: 'a3', text: '区住房保障和房屋管理局负责本办法的组织实施。' },
  { anchor: 'a4', chapter: '第二章 补贴标准', text: '每台电梯补贴不超过工程费用的百分之四十，最高二十八万元。' },
  { anchor: 'a5', text: '补贴资金在电梯竣工验收并投入使用后一次性拨付。' },
  { anchor: 'a6', text: '本办法自2027年1月1日起施行。' },
]

/** A consultation whose window is placed relative to now: 'open', 'upcoming' or 'closed'. */
export async function makeConsultation(app: FastifyInstance, when: 'open' | 'upcoming' | 'closed', articles = SIX_ARTICLES) {
  const now = Date.now()
  const window = {
    open: { opensAt: new Date(now - 24 * HOUR), closesAt: new Date(now + 24 * HOUR) },
    upcoming: { opensAt: new Date(now + 24 * HOUR), closesAt: new Date(now + 48 * HOUR) },
    closed: { opensAt: new Date(now - 48 * HOUR), closesAt: new Date(now - 24 * HOUR) },
  }[when]
  return createConsultation(app.db, { title: `加装电梯补贴办法（${when}）`, department: '区住房保障和房屋管理局', summary: '摘要', interpretation: '解读', ...window, articles })
}

export function postComment(app: FastifyInstance, id: number, payload: Record<string, unknown>, key: string = randomUUID()) {
  return app.inject({ method: 'POST', url: `/api/consultations/${id}/comments`, headers: { ...jsonWrite, 'idempotency-key': key }, payload: { commenterType: 'individual', consent: false, ...payload } })
}

/** A signed-in staff cookie (moderator unless told). */
export async function staffCookie(app: FastifyInstance, role: 'moderator' | 'editor' | 'organizer' = 'moderator') {
  return (await newStaffSession(app, role)).cookie
}

/** Closes a consultation now, as staff do from the console. */
export async function closeNow(app: FastifyInstance, id: number, cookie: string) {
  const res = await app.inject({ method: 'PATCH', url: `/api/admin/consultations/${id}/window`, headers: { ...jsonWrite, cookie }, payload: { closesAt: new Date(Date.now() - 1000).toISOString() } })
  if (res.statusCode !== 200)
    throw new Error(res.body)
}
