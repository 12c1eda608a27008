import type { DocumentType } from '../../shared/constants'

/**
 * 三同步: a 规范性文件 is drafted, approved and published with its interpretation. It may be published
 * without one only when an editor has recorded why none is needed. Returns the reason it may not be
 * published, or undefined when it may.
 */
export function publishingBlocker(doc: { type: DocumentType, interpretationWaiver: string | null }, publishedInterpretations: number): { zh: string, en: string } | undefined {
  if (doc.type !== 'normative' || publishedInterpretations > 0 || doc.interpretationWaiver?.trim())
    return undefined
  return {
    zh: '规范性文件应与政策解读同步发布：请先发布解读，或记录无需解读的理由。',
    en: 'A normative document is published together with its interpretation: publish one first, or record why none is needed.',
  }
}
