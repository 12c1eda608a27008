import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/client/api/http'
import { useAction } from '../../src/client/composables/action'

/** A promise the test settles when it likes, to look at the action while it runs. */
function pending<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

const refused = () => new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, code: 'closed', detail: '征求意见已结束', field: 'text' })

describe('useAction', () => {
  it('is busy while the work runs and gives back what it gave', async () => {
    const { busy, error, run } = useAction()
    const answer = pending<{ ended: number }>()
    const done = run(() => answer.promise)
    expect(busy.value).toBe(true)
    answer.resolve({ ended: 3 })
    expect(await done).toEqual({ ended: 3 })
    expect(busy.value).toBe(false)
    expect(error.value).toBeUndefined()
  })

  it('keeps the API\'s problem as it is, with its status and field, and gives back nothing', async () => {
    const { busy, error, run } = useAction()
    const problem = refused()
    expect(await run(async () => {
      throw problem
    })).toBeUndefined()
    expect(busy.value).toBe(false)
    expect(error.value).toBe(problem)
    expect(error.value?.status).toBe(409)
    expect(error.value?.problem?.field).toBe('text')
  })

  it('turns a script\'s error into an ApiError without a problem, never its text', async () => {
    const { error, run } = useAction()
    expect(await run(async () => {
      throw new TypeError('Cannot read properties of undefined')
    })).toBeUndefined()
    expect(error.value).toBeInstanceOf(ApiError)
    expect(error.value?.problem).toBeUndefined()
    expect(error.value?.offline).toBe(false)
    expect(error.value?.status).toBe(0)
  })

  it('clears the last problem as soon as it runs again', async () => {
    const { busy, error, run } = useAction()
    await run(async () => {
      throw refused()
    })
    const answer = pending<string>()
    const done = run(() => answer.promise)
    expect(error.value).toBeUndefined()
    expect(busy.value).toBe(true)
    answer.reject(new ApiError(undefined, true))
    expect(await done).toBeUndefined()
    expect(error.value?.offline).toBe(true)
    expect(busy.value).toBe(false)
  })
})
