// A Cache Storage for happy-dom (which has none): caches by name, entries by URL path, bodies as given.
// Enough for what the offline code calls: has, open, delete, keys, match; and cache keys, match, put, delete.

type Entry = [Request, Response]

class FakeCache {
  entries = new Map<string, Entry>()
  private key = (request: RequestInfo | URL) => new URL(typeof request === 'string' || request instanceof URL ? request : request.url, 'http://localhost').href
  async keys() {
    return [...this.entries.values()].map(([request]) => request)
  }

  async match(request: RequestInfo | URL) {
    return this.entries.get(this.key(request))?.[1].clone()
  }

  async put(request: RequestInfo | URL, response: Response) {
    this.entries.set(this.key(request), [new Request(this.key(request)), response])
  }

  async delete(request: RequestInfo | URL) {
    return this.entries.delete(this.key(request))
  }
}

export class FakeCacheStorage {
  caches = new Map<string, FakeCache>()
  async has(name: string) {
    return this.caches.has(name)
  }

  async open(name: string) {
    let cache = this.caches.get(name)
    if (!cache) {
      cache = new FakeCache()
      this.caches.set(name, cache)
    }
    return cache
  }

  async delete(name: string) {
    return this.caches.delete(name)
  }

  async keys() {
    return [...this.caches.keys()]
  }

  /** Fills a cache: path → body, or body and headers. */
  async fill(name: string, entries: Record<string, string | { body: string, headers?: Record<string, string> }>) {
    const cache = await this.open(name)
    for (const [path, entry] of Object.entries(entries)) {
      const { body, headers } = typeof entry === 'string' ? { body: entry, headers: {} } : entry
      await cache.put(path, new Response(body, { headers }))
    }
  }
}
