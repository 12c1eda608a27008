import type { CommenterType } from '../../shared/constants'
import type { CommentBody } from '../../shared/schemas/consultations'
import { reactive, watch } from 'vue'
import { COMMENT_MAX_LENGTH } from '../../shared/constants'

export interface CommentDraft {
  text: string
  commenterType: CommenterType
  displayName: string
  contact: string
  consent: boolean
  /** one Idempotency-Key per comment, kept across retries so a repeated submission is stored once */
  key: string
}

export type CommentErrors = Partial<Record<'text' | 'consent' | 'displayName' | 'contact' | 'commenterType', 'required' | 'tooLong' | 'consent' | 'server'>>

/** What the form can tell before sending; the server checks again. */
export function validateCommentDraft(draft: Pick<CommentDraft, 'text' | 'contact' | 'consent'>): CommentErrors {
  const errors: CommentErrors = {}
  if (!draft.text.trim())
    errors.text = 'required'
  else if (draft.text.length > COMMENT_MAX_LENGTH)
    errors.text = 'tooLong'
  if (draft.contact.trim() && !draft.consent)
    errors.consent = 'consent'
  return errors
}

/** The request body of a draft: empty optional fields left out (the form adds useFormGuard().fields()). */
export function commentBody(draft: CommentDraft, articleAnchor: string | null): CommentBody {
  return {
    text: draft.text,
    articleAnchor,
    commenterType: draft.commenterType,
    ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
    ...(draft.contact.trim() ? { contact: draft.contact.trim() } : {}),
    consent: draft.consent,
  }
}

const storageKey = (consultationId: number, anchor: string | null) => `gongkai.comment-draft:${consultationId}:${anchor ?? 'whole'}`

function fresh(): CommentDraft {
  return { text: '', commenterType: 'individual', displayName: '', contact: '', consent: false, key: crypto.randomUUID() }
}

/**
 * A comment being written, kept in sessionStorage as it is typed: a failed submission, a closed window or a
 * reload does not lose it. Cleared once the server has it.
 */
export function useCommentDraft(consultationId: number, anchor: string | null) {
  const key = storageKey(consultationId, anchor)
  let saved: Partial<CommentDraft> = {}
  try {
    saved = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<CommentDraft>
  }
  catch {}
  const draft = reactive<CommentDraft>({ ...fresh(), ...saved })
  watch(draft, value => sessionStorage.setItem(key, JSON.stringify(value)), { deep: true })

  function clear() {
    Object.assign(draft, fresh())
  }
  return { draft, clear }
}

/**
 * A comment as the outbox keeps it, with the key and body it was sent with: it goes out when the connection
 * returns and counts once however often it is retried.
 */
export function commentOutboxItem(consultation: { id: number, title: string }, article: { anchor: string | null, number: string | null }, body: CommentBody, key: string) {
  return {
    kind: 'comment' as const,
    key,
    url: `/api/consultations/${consultation.id}/comments`,
    body,
    text: body.text.trim(),
    about: { consultationId: consultation.id, consultationTitle: consultation.title, articleAnchor: article.anchor, articleNumber: article.number },
  }
}

/** Puts a refused comment back into its form to correct it (a fresh key: the refused one stored nothing). */
export function handDraftToForm(consultationId: number, anchor: string | null, draft: Omit<CommentDraft, 'key'>) {
  sessionStorage.setItem(storageKey(consultationId, anchor), JSON.stringify({ ...draft, key: crypto.randomUUID() }))
}
