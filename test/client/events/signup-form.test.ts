import type { SignUpBody } from '../../../src/shared/schemas/events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../src/client/api/http'
import { useSignupForm } from '../../../src/client/composables/signup-form'

const { enqueue } = vi.hoisted(() => ({ enqueue: vi.fn(async (_item: { key: string, body: unknown }) => {}) }))
vi.mock('../../../src/client/outbox/client', () => ({ enqueue }))

const event = { id: 7, title: '走进浦东图书馆', venue: '浦东图书馆', address: '前程路88号', startsAt: '2026-12-05T02:00:00Z', endsAt: '2026-12-05T04:00:00Z' }

/** A form whose anti-automation fields change on every read, as the fill time does. */
function form(submit: (body: SignUpBody, key: string) => Promise<never>) {
  let reads = 0
  const signup = useSignupForm({
    event: () => event,
    submit,
    validate: () => ({}),
    extra: () => ({ website: '', fillMs: ++reads * 1000, deviceId: 'device-0123456789abcdef' }),
  })
  Object.assign(signup.form, { name: '王小明', phone: '139 1234 5678', partySize: 2, consent: true })
  return signup
}

beforeEach(() => enqueue.mockClear())
afterEach(() => vi.restoreAllMocks())

describe('useSignupForm with no network', () => {
  it('queues exactly the body and key the failed request was sent with, so a replay is not a different body', async () => {
    const submit = vi.fn(async (_body: SignUpBody, _key: string): Promise<never> => {
      throw new ApiError(undefined, true)
    })
    const signup = form(submit)

    expect(await signup.send()).toBeUndefined()
    expect(signup.queued.value).toBe(true)
    expect(submit).toHaveBeenCalledTimes(1)
    expect(enqueue).toHaveBeenCalledTimes(1)
    const [sentBody, sentKey] = submit.mock.calls[0]!
    const queued = enqueue.mock.calls[0]![0]
    expect(queued.body).toEqual(sentBody)
    expect(queued.body).toBe(sentBody)
    expect(queued.key).toBe(sentKey)
    expect(sentBody).toMatchObject({ name: '王小明', phone: '13912345678', partySize: 2, consent: true, fillMs: 1000 })
  })

  it('queues without trying when the browser knows it is offline, reading the fill time once', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const submit = vi.fn(async (): Promise<never> => {
      throw new Error('not sent while offline')
    })
    const signup = form(submit)

    await signup.send()
    expect(submit).not.toHaveBeenCalled()
    expect(enqueue.mock.calls[0]![0]).toMatchObject({ kind: 'signup', url: '/api/events/7/registrations', body: { fillMs: 1000 }, about: { partySize: 2 } })
  })
})
