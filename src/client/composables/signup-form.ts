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
export function useSignupForm(submit: (body: SignUpBody, key: string) => Promise<SignUpResult>, validate: (body: SignUpBody) => SignupErrors) {
  const form = reactive({ name: '', phone: '', partySize: 1, consent: false, website: '' })
  const errors = ref<SignupErrors>({})
  const busy = ref(false)
  let key = crypto.randomUUID()
  watch(() => [form.name, form.phone, form.partySize, form.consent], () => {
    key = crypto.randomUUID()
  })

  const body = computed<SignUpBody>(() => ({ name: form.name.trim(), phone: form.phone.replace(/\s/g, ''), partySize: Number(form.partySize), consent: form.consent, ...(form.website ? { website: form.website } : {}) }))

  async function send(): Promise<SignUpResult | undefined> {
    errors.value = validate(body.value)
    if (Object.keys(errors.value).length)
      return undefined
    busy.value = true
    try {
      return await submit(body.value, key)
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

  return { form, errors, busy, send }
}
