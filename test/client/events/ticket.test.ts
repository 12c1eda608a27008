import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ApiError } from '../../../src/client/api/http'
import { useTicket } from '../../../src/client/composables/ticket'
import { useRegistrationsStore } from '../../../src/client/stores/registrations'

const api = vi.hoisted(() => ({ getRegistration: vi.fn(), cancelRegistration: vi.fn(), deleteRegistration: vi.fn() }))
vi.mock('../../../src/client/api/events', () => api)

const problem = (status: number) => new ApiError({ type: 'about:blank', title: 'x', status, code: 'internal', detail: '服务暂时出了问题' } as never)

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  Object.values(api).forEach(f => f.mockReset())
})

describe('useTicket', () => {
  it('keeps a failed refresh apart from a failed cancel, so retrying the one never does the other', async () => {
    const store = useRegistrationsStore()
    store.add({ code: 'ABC234', status: 'confirmed', partySize: 1, manageToken: 'token-0123456789abcdef', ticket: 't', waitlistPosition: null } as never, { id: 1, title: '开放日', venue: 'v', address: 'a', startsAt: '2026-12-05T02:00:00Z', endsAt: '2026-12-05T04:00:00Z' } as never)
    const ticket = useTicket(ref('ABC234'))
    expect(ticket.saved.value?.code).toBe('ABC234')

    api.getRegistration.mockRejectedValueOnce(problem(500))
    await ticket.refresh()
    expect(ticket.error.value).toBeInstanceOf(ApiError)
    expect(ticket.cancelError.value).toBeNull()
    expect(api.cancelRegistration).not.toHaveBeenCalled()

    api.cancelRegistration.mockRejectedValueOnce(problem(409))
    await ticket.cancel()
    expect(ticket.cancelError.value).toBeInstanceOf(ApiError)
    expect(api.cancelRegistration).toHaveBeenCalledTimes(1)
  })
})
