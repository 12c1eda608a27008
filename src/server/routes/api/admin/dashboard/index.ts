import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DashboardSchema } from '../../../../../shared/schemas/library'
import { interpretationMix, pendingQuestionCounts } from '../../../../repositories/library'
import { shanghaiDate } from '../../../../services/working-days'

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff())

  app.get('/', { schema: { tags: ['admin'], response: { 200: DashboardSchema } } }, async () => {
    const [mix, questions] = await Promise.all([interpretationMix(app.db), pendingQuestionCounts(app.db, shanghaiDate(app.now()))])
    return { interpretations: mix, questions }
  })
}
export default dashboardRoutes
