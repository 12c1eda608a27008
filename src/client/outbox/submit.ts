// A resident's write (a comment, a question, a sign-up): sent now, or kept in the outbox when there is no
// network. Only this file's few lines are in the forms' chunks; the outbox itself loads when something is queued.
import type { NewOutboxItem } from './client'
import { ApiError } from '../api/http'

export type Submitted<T> = { queued: false, result: T } | { queued: true }

/**
 * Sends `item.body` with `item.key`; with no network (the browser says it is offline, or the request fails for
 * lack of it) queues that same body object with that same key, so a retry of a request that did reach the server
 * is a replay the server counts once (it compares the body with the one stored under the key). Rejects with the
 * request's ApiError otherwise, and with the network one when the device cannot keep the item either.
 */
export async function sendOrQueue<I extends NewOutboxItem, T>(item: I, send: (body: I['body'], key: string) => Promise<T>): Promise<Submitted<T>> {
  try {
    if (!navigator.onLine)
      throw new ApiError(undefined, true)
    return { queued: false, result: await send(item.body, item.key) }
  }
  catch (error) {
    if (!(error instanceof ApiError) || !error.offline)
      throw error
    try {
      const { enqueue } = await import('./client')
      await enqueue(item)
    }
    catch {
      throw error
    }
    return { queued: true }
  }
}
