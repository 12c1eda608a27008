import type { Locale } from '../i18n'
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { LOCALES, preferredLocale } from '../i18n'
import { rememberSettings } from '../offline/page-snapshot'
import { settingsKey } from '../offline/snapshots'

const KEY = 'gongkai.settings'

interface Saved { locale?: Locale, elderMode?: boolean, elderOffered?: boolean }

function read(): Saved {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Saved
  }
  catch {
    return {}
  }
}

/** The resident's choices on this device: language and 长者模式, remembered in localStorage. */
export const useSettingsStore = defineStore('settings', () => {
  const saved = read()
  const locale = ref<Locale>(saved.locale && LOCALES.includes(saved.locale) ? saved.locale : preferredLocale(navigator.languages))
  const elderMode = ref(saved.elderMode ?? false)
  const elderOffered = ref(saved.elderOffered ?? false)
  /** the first-visit offer of 长者模式 (an inline banner on the home page): open for this whole visit once shown, never again */
  const elderOfferOpen = ref(!elderOffered.value && !elderMode.value)

  watch([locale, elderMode, elderOffered], () => {
    localStorage.setItem(KEY, JSON.stringify({ locale: locale.value, elderMode: elderMode.value, elderOffered: elderOffered.value }))
  })
  // page snapshots are painted only with the settings they were made with
  watch([locale, elderMode], () => rememberSettings(settingsKey({ locale: locale.value, elderMode: elderMode.value })))
  watch(elderMode, (on) => {
    document.documentElement.classList.toggle('elder', on)
  }, { immediate: true })

  /** The banner was shown: it is not offered on a later visit, whatever the resident does. */
  function elderOfferShown() {
    elderOffered.value = true
  }
  /** The resident answered the offer: turn 长者模式 on, or not. */
  function answerElderOffer(turnOn: boolean) {
    elderOffered.value = true
    elderOfferOpen.value = false
    if (turnOn)
      elderMode.value = true
  }

  return { locale, elderMode, elderOffered, elderOfferOpen, elderOfferShown, answerElderOffer }
})
