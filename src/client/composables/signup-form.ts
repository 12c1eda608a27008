import type { SignUpBody, SignUpResult } from '../../shared/schemas/events'
import type { SignupAbout } from '../outbox/model'
import type { GuardFields } from './form-guard'
import { computed, reactive, ref, watch } from 'vue'
import { ApiError } from '../api/http'
import { sendOrQueue } from '../outbox/submit'

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

/** The event a sign-up is for, as the outbox and the ticket keep it. */
export type SignupEvent = SignupAbout['event']

/**
 * The sign-up form: what was typed survives a failed submission; one idempotency key per submission
 * until it succeeds or the typed details change, so a retry after a lost answer signs up once. With no
 * network the sign-up waits in the outbox, with the key and the very body the request was (or would have
 * been) sent with. `extra` gives the anti-automation fields (useFormGuard().fields), read once per submission.
 */
export function useSignupForm(options: {
  event: () => SignupEvent
  submit: (body: SignUpBody, key: string) => Promise<SignUpResult>
  validate: (body: SignUpBody) => SignupErrors
  extra?: () => GuardFields
}) {
  const form = reactive({ name: '', phone: '', partySize: 1, consent: false })
  const errors = ref<SignupErrors>({})
  const busy = ref(false)
  /** no network: the sign-up waits in the outbox (with its key) and is sent when the connection returns */
  const queued = ref(false)
  let key = crypto.randomUUID()
  watch(() => [form.name, form.phone, form.partySize, form.consent], () => {
    key = crypto.randomUUID()
  })

  const typed = computed<SignUpBody>(() => ({ name: form.name.trim(), phone: form.phone.replace(/\s/g, ''), partySize: Number(form.partySize), consent: form.consent }))

  async function send(): Promise<SignUpResult | undefined> {
    errors.value = options.validate(typed.value)
    if (Object.keys(errors.value).length)
      return undefined
    // built once: the request and, if it cannot go, the outbox get this same object
    const payload: SignUpBody = { ...typed.value, ...options.extra?.() }
    busy.value = true
    try {
      const sent = await sendOrQueue(signupOutboxItem(options.event(), payload, key), options.submit)
      if (!sent.queued)
        return sent.result
      queued.value = true
      Object.assign(form, { name: '', phone: '', partySize: 1, consent: false })
      return undefined
    }
    catch (error) {
      if (!(error instanceof ApiError))
        throw error
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
 * A sign-up as the outbox keeps it, with the key and body it was sent with. The name and phone number stay on
 * the device only until it is sent; the server then decides: a place or the waitlist.
 */
export function signupOutboxItem(event: SignupEvent, body: SignUpBody, key: string) {
  return {
    kind: 'signup' as const,
    key,
    url: `/api/events/${event.id}/registrations`,
    body,
    text: '',
    about: { event: { id: event.id, title: event.title, venue: event.venue, address: event.address, startsAt: event.startsAt, endsAt: event.endsAt }, partySize: body.partySize },
  }
}
