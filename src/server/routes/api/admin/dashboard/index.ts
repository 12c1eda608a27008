import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DashboardSchema } from '../../../../../shared/schemas/library'
import { interpretationMix, overdueQuestions, questionQueue } from '../../../../repositories/library'
import { shanghaiDate } from '../../../../services/working-days'

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff())

  app.get('/', { schema: { tags: ['admin'], response: { 200: DashboardSchema } } }, async () => {
    const [mix, pending, overdue] = await Promise.all([
      interpretationMix(app.db),
      questionQueue(app.db, { status: 'pending', limit: 1000 }),
      overdueQuestions(app.db, shanghaiDate(app.now())),
    ])
    return { interpretations: mix, questions: { pending: pending.length, overdue } }
  })
}
export default dashboardRoutes
