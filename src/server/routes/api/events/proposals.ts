import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { ProposalBodySchema, ProposalListSchema, ProposalReceiptSchema, SupportBodySchema, SupportResultSchema } from '../../../../shared/schemas/events-extras'
import { IdempotencyHeadersSchema } from '../../../../shared/schemas/idempotency'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { createProposal, listProposals, supportProposal } from '../../../repositories/events-extras'
import { eventSecrets, keyedHash } from '../../../services/event-secrets'
import { once } from '../../../services/idempotency'
import { normaliseText } from '../../../services/text'

/** A proposal's idempotency scope: one key is one proposal. */
const proposalScope = () => 'event-proposal'

/** Before open month: residents propose themes or venues to open, and support others' (published after moderation). */
const proposalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['events'], summary: 'Published theme proposals, most supported first', response: { 200: ProposalListSchema } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache')
    return { items: await listProposals(app.db) }
  })

  app.post('/', {
    schema: { tags: ['events'], summary: 'Propose a theme or venue; shown once moderated (先审后发)', headers: IdempotencyHeadersSchema, body: ProposalBodySchema, response: { 201: ProposalReceiptSchema, 400: ProblemSchema } },
    config: { publicWrite: { kind: 'proposal', scope: proposalScope }, invalidates: [] },
  }, async (request, reply) => {
    const body = { ...request.body, title: normaliseText(request.body.title), body: normaliseText(request.body.body) }
    if (body.title.length < 2)
      throw new HttpProblem('validation', { field: 'title', detail: { zh: '请写下您希望开放的主题或场所。', en: 'Please name the theme or place you would like opened.' } })
    const answer = await once(app.db, proposalScope(), request.headers['idempotency-key'], body, async tx => ({ status: 201, body: await createProposal(tx, body, app.now()) }))
    return reply.code(201).send(answer.body)
  })

  app.post('/:id/support', {
    schema: { tags: ['events'], summary: 'Support a proposal, once per device', params: IdParamsSchema, headers: IdempotencyHeadersSchema, body: SupportBodySchema, response: { 200: SupportResultSchema, 404: ProblemSchema } },
    config: { publicWrite: 'support', invalidates: [] },
  }, async (request) => {
    const hash = keyedHash(await eventSecrets(app.db), 'support', request.body.deviceId)
    const result = await supportProposal(app.db, request.params.id, hash)
    if (!result)
      throw new HttpProblem('not-found')
    return result
  })
}
export default proposalsRoutes
