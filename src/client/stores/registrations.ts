import type { RegistrationStatus } from '../../shared/constants'
import type { RegistrationState, SignUpResult } from '../../shared/schemas/events'
import { defineStore } from 'pinia'
import { computed, watch } from 'vue'
import { storedList } from '../composables/stored-list'
import { pathOf } from '../offline/kinds'
import { dropSnapshot } from '../offline/snapshot-cache'

const KEY = 'gongkai.registrations'

/**
 * What the device keeps of one registration: enough to show the ticket with no network. Never the
 * phone number or the name.
 */
export interface SavedRegistration {
  code: string
  manageToken: string
  ticket: string
  status: RegistrationStatus
  waitlistPosition?: number
  partySize: number
  eventId: number
  title: string
  venue: string
  address: string
  startsAt: string
  endsAt: string
  eventCancelled: boolean
  cancellationNotice: string | null
  checkedInAt?: string | null
  feedbackGiven?: boolean
  savedAt: string
}

/** Merges the server's current state into what the device keeps. */
export function applyState(saved: SavedRegistration, state: RegistrationState): SavedRegistration {
  return {
    ...saved,
    status: state.status,
    waitlistPosition: state.waitlistPosition,
    ticket: state.ticket,
    partySize: state.partySize,
    title: state.event.title,
    venue: state.event.venue,
    address: state.event.address,
    startsAt: state.event.startsAt,
    endsAt: state.event.endsAt,
    eventCancelled: state.event.status === 'cancelled',
    cancellationNotice: state.event.cancellationNotice,
    checkedInAt: state.checkedInAt,
    feedbackGiven: state.feedbackGiven,
    savedAt: new Date().toISOString(),
  }
}

/** The resident's own registrations on this device, in localStorage: listed under 我的, opened offline. */
export const useRegistrationsStore = defineStore('registrations', () => {
  const items = storedList<SavedRegistration>(KEY)

  const sorted = computed(() => [...items.value].sort((a, b) => a.startsAt.localeCompare(b.startsAt)))
  const find = (code: string) => items.value.find(r => r.code === code)

  // An event page shows the resident's own registration, which a snapshot of it (made before) cannot know of:
  // when the events this device is registered for change, their pages' snapshots go.
  const registeredFor = computed(() => new Set(items.value.filter(r => r.status !== 'cancelled').map(r => r.eventId)))
  watch(registeredFor, (now, before) => {
    for (const id of new Set([...now, ...before])) {
      if (now.has(id) !== before.has(id))
        void dropSnapshot(pathOf('event', id))
    }
  })

  function add(result: SignUpResult, event: { id: number, title: string, venue: string, address: string, startsAt: string, endsAt: string }) {
    const saved: SavedRegistration = {
      code: result.code,
      manageToken: result.manageToken,
      ticket: result.ticket,
      status: result.status,
      waitlistPosition: result.waitlistPosition,
      partySize: result.partySize,
      eventId: event.id,
      title: event.title,
      venue: event.venue,
      address: event.address,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      eventCancelled: false,
      cancellationNotice: null,
      savedAt: new Date().toISOString(),
    }
    items.value = [...items.value.filter(r => r.code !== saved.code), saved]
    return saved
  }

  function update(state: RegistrationState) {
    items.value = items.value.map(r => r.code === state.code ? applyState(r, state) : r)
  }

  function markFeedback(code: string) {
    items.value = items.value.map(r => r.code === code ? { ...r, feedbackGiven: true } : r)
  }

  function remove(code: string) {
    items.value = items.value.filter(r => r.code !== code)
  }

  return { items, sorted, find, add, update, markFeedback, remove }
})
