/**
 * Runs `fn` when the main thread is next idle, at most `timeoutMs` later (a plain timeout where there is no
 * requestIdleCallback); answers a function that cancels it. The one idle scheduler of the client: stepwise
 * rendering, page snapshots and the service worker's registration all wait through it.
 */
export function whenIdle(fn: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => fn(), { timeout: timeoutMs })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(fn, 50)
  return () => clearTimeout(id)
}
