// 自动保留的内容: what the app keeps on the device by itself — the worker's runtime caches of public reads and
// images, and the page snapshots — counted for 我的 → 离线内容 and cleared from there. Only that page's chunk
// imports this: the sizes are read while the page is open, never on a start. Never touches the saved items
// (SAVED_CACHE and IndexedDB) or the precache (the app itself).
import { IMAGES_CACHE, RUNTIME_CACHES } from './kinds'
import { dropAllSnapshots } from './snapshot-cache'
import { SNAPSHOT_CACHE, SNAPSHOT_SETTINGS_KEY } from './snapshots'

/** The caches of public API answers (src/sw/sw.ts's stale-while-revalidate routes). */
const ANSWER_CACHES: readonly string[] = Object.values(RUNTIME_CACHES)

export interface RecentContent {
  /** page snapshots (a page that paints before the app boots) */
  pages: number
  /** API answers */
  answers: number
  images: number
  /** roughly what they take on the device */
  bytes: number
}

/** Whether the browser has Cache Storage at all (a secure context): without it the app keeps nothing by itself. */
export const keepsRecent = () => typeof caches !== 'undefined'

/**
 * A response's size: its `content-length` when that is the stored body's (no content-encoding), else the body
 * read. An unreadable body counts nothing rather than failing the whole figure.
 */
async function sizeOf(response: Response): Promise<number> {
  const length = Number(response.headers.get('content-length'))
  if (!response.headers.has('content-encoding') && Number.isInteger(length) && length > 0)
    return length
  try {
    return (await response.blob()).size
  }
  catch {
    return 0
  }
}

/** A few at a time: a cache may hold hundreds of answers, and the phone is slow. */
const AT_ONCE = 8

async function measureCache(name: string, skip?: (path: string) => boolean): Promise<{ count: number, bytes: number }> {
  // opening a cache that is not there would make it
  if (!(await caches.has(name)))
    return { count: 0, bytes: 0 }
  const cache = await caches.open(name)
  const requests = (await cache.keys()).filter(r => !skip?.(new URL(r.url).pathname))
  let bytes = 0
  for (let i = 0; i < requests.length; i += AT_ONCE) {
    const sizes = await Promise.all(requests.slice(i, i + AT_ONCE).map(async (request) => {
      const response = await cache.match(request)
      return response ? sizeOf(response) : 0
    }))
    bytes += sizes.reduce((a, b) => a + b, 0)
  }
  return { count: requests.length, bytes }
}

/** How many pages, answers and images the app keeps by itself, and roughly their size. */
export async function measureRecent(): Promise<RecentContent> {
  const [answers, images, pages] = await Promise.all([
    Promise.all(ANSWER_CACHES.map(name => measureCache(name))),
    measureCache(IMAGES_CACHE),
    // the interface settings the snapshots were made with are bookkeeping, not a page
    measureCache(SNAPSHOT_CACHE, path => path === SNAPSHOT_SETTINGS_KEY),
  ])
  const answerCount = answers.reduce((a, b) => a + b.count, 0)
  const bytes = [...answers, images, pages].reduce((a, b) => a + b.bytes, 0)
  return { pages: pages.count, answers: answerCount, images: images.count, bytes }
}

/**
 * Deletes what the app keeps by itself: the runtime caches of answers and images, and the page snapshots. The
 * worker makes them again as the resident reads; saved items and the app itself stay.
 */
export async function clearRecent(): Promise<void> {
  await Promise.all([...ANSWER_CACHES, IMAGES_CACHE].map(name => caches.delete(name)))
  await dropAllSnapshots()
}
