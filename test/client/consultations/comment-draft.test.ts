import { describe, expect, it } from 'vitest'
import { commentBody, validateCommentDraft } from '../../../src/client/composables/comment-draft'
import { timeLeft } from '../../../src/client/composables/consultation-time'

describe('validateCommentDraft', () => {
  it('asks for text, a text within the limit, and consent when contact is given', () => {
    expect(validateCommentDraft({ text: '  ', contact: '', consent: false })).toEqual({ text: 'required' })
    expect(validateCommentDraft({ text: '长'.repeat(2001), contact: '', consent: false })).toEqual({ text: 'tooLong' })
    expect(validateCommentDraft({ text: '意见', contact: '13912341234', consent: false })).toEqual({ consent: 'consent' })
    expect(validateCommentDraft({ text: '意见', contact: '13912341234', consent: true })).toEqual({})
  })
})

describe('commentBody', () => {
  it('leaves out empty optional fields (the anti-automation fields come from the form guard)', () => {
    const draft = { text: '意见', commenterType: 'enterprise' as const, displayName: ' ', contact: '', consent: false, key: 'k' }
    expect(commentBody(draft, 'a5')).toEqual({ text: '意见', articleAnchor: 'a5', commenterType: 'enterprise', consent: false })
    expect(commentBody({ ...draft, displayName: '王', contact: 'a@b.cn', consent: true }, null)).toEqual({ text: '意见', displayName: '王', contact: 'a@b.cn', consent: true, commenterType: 'enterprise', articleAnchor: null })
  })
})

describe('timeLeft', () => {
  const now = new Date('2026-11-24T00:00:00Z')
  it('counts whole days, then hours, then says soon', () => {
    expect(timeLeft('2026-11-27T06:00:00Z', now)).toEqual({ unit: 'days', n: 3 })
    expect(timeLeft('2026-11-24T05:30:00Z', now)).toEqual({ unit: 'hours', n: 5 })
    expect(timeLeft('2026-11-24T00:30:00Z', now)).toEqual({ unit: 'soon', n: 0 })
  })
})
