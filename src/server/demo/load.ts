import type { Db } from '../db/client'

/** Placeholder until the importer lands; replaced below. */
export async function loadDemoContent(_db: Db): Promise<{ loaded: boolean, summary: string }> {
  return { loaded: false, summary: '' }
}
