import type { Ref } from 'vue'
import type { AdminRegistration } from '../../shared/schemas/events'
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { adminCheckins, adminGetEvent, adminRegistrations } from '../api/events'
import { ApiError } from '../api/http'

type Row = Pick<AdminRegistration, 'code' | 'name' | 'partySize' | 'status' | 'checkedInAt'>
export interface DoorList { eventId: number, title: string, publicKey: string, downloadedAt: string, rows: Row[], queue: Array<{ code: string, at: string }> }
export type DoorOutcome = { kind: 'accepted', name: string, partySize: number } | { kind: 'duplicate', at: string } | { kind: 'unknown' | 'badSignature' | 'notConfirmed' }

const keyOf = (eventId: number) => `gongkai.checkin.${eventId}`

/**
 * At sign-out: the door lists (registrants' names) leave the device, except one whose check-ins made offline
 * have not reached the server yet (they are sent at the next sign-in). Returns how many were kept.
 */
export function forgetDoorLists(): number {
  let kept = 0
  for (const key of Object.keys(localStorage).filter(k => k.startsWith('gongkai.checkin.'))) {
    const list = readDoorList(Number(key.slice('gongkai.checkin.'.length)))
    if (list?.queue.length)
      kept++
    else
      localStorage.removeItem(key)
  }
  return kept
}

export function readDoorList(eventId: number): DoorList | null {
  try {
    return JSON.parse(localStorage.getItem(keyOf(eventId)) ?? 'null') as DoorList | null
  }
  catch {
    return null
  }
}

const fromBase64Url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - s.length % 4) % 4)), c => c.charCodeAt(0))

/**
 * Reads what was scanned or typed: a signed ticket (`GK1.<event>.<code>.<sig>`, verified offline with the
 * event's Ed25519 public key through WebCrypto) or a bare code. Null when the signature does not hold.
 */
export async function readTicket(input: string, eventId: number, publicKey: string): Promise<{ code: string, signed: boolean } | null> {
  const text = input.trim()
  const match = /^GK1\.(\d+)\.([A-Z0-9]{6,16})\.([\w-]+)$/.exec(text)
  if (!match)
    return { code: text.toUpperCase().replace(/\s/g, ''), signed: false }
  if (Number(match[1]) !== eventId)
    return null
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64Url(publicKey), { name: 'Ed25519' }, false, ['verify'])
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(match[3]!), new TextEncoder().encode(`GK1.${match[1]}.${match[2]}`))
    return ok ? { code: match[2]!, signed: true } : null
  }
  catch {
    return null
  }
}

/** Decides a check-in against the downloaded list alone, so the door works with no network. */
export function decide(list: DoorList, code: string, now: Date): DoorOutcome {
  const row = list.rows.find(r => r.code === code)
  if (!row)
    return { kind: 'unknown' }
  if (row.status !== 'confirmed')
    return { kind: 'notConfirmed' }
  if (row.checkedInAt)
    return { kind: 'duplicate', at: row.checkedInAt }
  row.checkedInAt = now.toISOString()
  list.queue.push({ code, at: row.checkedInAt })
  return { kind: 'accepted', name: row.name, partySize: row.partySize }
}

/** The door: a downloaded list, offline decisions, and a queue that syncs when the network is back. */
export function useCheckin(eventId: Ref<number>) {
  const list = ref<DoorList | null>(readDoorList(eventId.value))
  const last = ref<DoorOutcome | null>(null)
  const syncing = ref(false)
  const offline = ref(!navigator.onLine)
  const error = ref<ApiError | null>(null)
  watch(list, value => value && localStorage.setItem(keyOf(eventId.value), JSON.stringify(value)), { deep: true })
  const queued = computed(() => list.value?.queue.length ?? 0)

  async function download() {
    error.value = null
    try {
      const [event, regs] = await Promise.all([adminGetEvent(eventId.value), adminRegistrations(eventId.value)])
      list.value = { eventId: event.id, title: event.title, publicKey: regs.ticketPublicKey, downloadedAt: regs.downloadedAt, rows: regs.items, queue: list.value?.queue ?? [] }
      // what this phone checked in but has not synced yet stays checked in
      for (const q of list.value.queue) {
        const row = list.value.rows.find(r => r.code === q.code)
        if (row && !row.checkedInAt)
          row.checkedInAt = q.at
      }
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      error.value = e
    }
  }

  async function sync() {
    const l = list.value
    if (!l || l.queue.length === 0 || syncing.value)
      return
    syncing.value = true
    const batch = [...l.queue]
    try {
      const { results } = await adminCheckins(eventId.value, { checkins: batch })
      for (const r of results) {
        const row = l.rows.find(x => x.code === r.code)
        if (row && r.checkedInAt)
          row.checkedInAt = r.checkedInAt
      }
      l.queue = l.queue.filter(q => !batch.some(b => b.code === q.code && b.at === q.at))
      offline.value = false
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      offline.value = e.offline
      if (!e.offline)
        error.value = e
    }
    finally {
      syncing.value = false
    }
  }

  async function check(input: string) {
    const l = list.value
    if (!l)
      return
    const ticket = await readTicket(input, eventId.value, l.publicKey)
    last.value = ticket ? decide(l, ticket.code, new Date()) : { kind: 'badSignature' }
    if (last.value.kind === 'accepted')
      void sync()
  }

  const goOnline = () => {
    offline.value = false
    void sync()
  }
  const goOffline = () => {
    offline.value = true
  }
  onMounted(() => {
    window.addEventListener('online', goOnline)
    window.addEventListener('offline', goOffline)
    void sync()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', goOnline)
    window.removeEventListener('offline', goOffline)
  })

  return { list, last, queued, syncing, offline, error, download, sync, check }
}
