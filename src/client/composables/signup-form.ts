import type { SignUpBody, SignUpResult } from '../../shared/schemas/events'
import { computed, reactive, ref, watch } from 'vue'
import { ApiError } from '../api/http'

export const CN_MOBILE = /^1[3-9]\d{9}$/

export type SignupField = 'name' | 'phone' | 'partySize' | 'consent'
export type SignupErrors = Partial<Record<SignupField | 'form', string>>

/** Checks on the device what the server will check, so a resident hears about a typo at once. */
export function validateSignup(body: SignUpBody, maxParty: number, t: (key: 'nameRequired' | 'phoneInvalid' | 'partyTooLarge' | 'consentRequired', n?: number) => string): SignupErrors {
  const errors: SignupErrors = {}
  if (!body.name.trim())
    errors.name = t('nameRequired')
  if (!CN_MOBILE.test(body.phone))
    errors.phone = t('phoneInvalid')
  if (body.partySize < 1 || body.partySize > maxParty)
    errors.partySize = t('partyTooLarge', maxParty)
  if (!body.consent)
    errors.consent = t('consentRequired')
  return errors
}

/**
 * The sign-up form: what was typed survives a failed submission; one idempotency key per submission
 * until it succeeds or the typed details change, so a retry after a lost answer signs up once.
 */
export function useSignupForm(submit: (body: SignUpBody, key: string) => Promise<SignUpResult>, validate: (body: SignUpBody) => SignupErrors, queue?: (body: SignUpBody, key: string) => Promise<void>) {
  const form = reactive({ name: '', phone: '', partySize: 1, consent: false, website: '' })
  const errors = ref<SignupErrors>({})
  const busy = ref(false)
  /** no network: the sign-up waits in the outbox (with its key) and is sent when the connection returns */
  const queued = ref(false)
  let key = crypto.randomUUID()
  watch(() => [form.name, form.phone, form.partySize, form.consent], () => {
    key = crypto.randomUUID()
  })

  const body = computed<SignUpBody>(() => ({ name: form.name.trim(), phone: form.phone.replace(/\s/g, ''), partySize: Number(form.partySize), consent: form.consent, ...(form.website ? { website: form.website } : {}) }))

  async function send(): Promise<SignUpResult | undefined> {
    // one body for the request and, if it cannot go, for the outbox: a retry must send exactly what was sent
    const payload = body.value
    errors.value = validate(payload)
    if (Object.keys(errors.value).length)
      return undefined
    busy.value = true
    try {
      if (queue && !navigator.onLine)
        throw new ApiError(undefined, true)
      return await submit(payload, key)
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
      if (error.offline && queue && await queue(payload, key).then(() => true, () => false)) {
        queued.value = true
        Object.assign(form, { name: '', phone: '', partySize: 1, consent: false })
        return undefined
      }
      const field = error.problem?.field as SignupField | undefined
      const text = error.offline ? '' : error.problem?.detail ?? ''
      errors.value = field && ['name', 'phone', 'partySize', 'consent'].includes(field) ? { [field]: text } : { form: text || undefined }
      if (error.offline)
        errors.value = { form: 'offline' }
      return undefined
    }
    finally {
      busy.value = false
    }
  }

  return { form, errors, busy, queued, send }
}

/**
 * Keeps a sign-up that could not reach the server in the outbox, with the key and body it was sent with. The
 * name and phone number stay on the device only until it is sent; the server then decides: a place or the waitlist.
 */
export async function queueSignup(event: { id: number, title: string, venue: string, address: string, startsAt: string, endsAt: string }, body: SignUpBody, key: string) {
  const { enqueue } = await import('../outbox/client')
  await enqueue({
    kind: 'signup',
    key,
    url: `/api/events/${event.id}/registrations`,
    body,
    text: '',
    about: { event: { id: event.id, title: event.title, venue: event.venue, address: event.address, startsAt: event.startsAt, endsAt: event.endsAt }, partySize: body.partySize },
  })
}
