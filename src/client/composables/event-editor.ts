import type { ProgrammeKind } from '../../shared/constants'
import type { AdminEvent, EventInput, ProgrammeItem } from '../../shared/schemas/events'

const KIND_WORDS: Record<string, ProgrammeKind> = { 答疑: 'qa', 座谈: 'discussion', 体验: 'experience', 问卷: 'survey', qa: 'qa', discussion: 'discussion', experience: 'experience', survey: 'survey' }
const WORD_OF: Record<ProgrammeKind, string> = { qa: '答疑', discussion: '座谈', experience: '体验', survey: '问卷' }

/** "体验|参观" lines ↔ programme items (an unknown kind reads as 答疑). */
export function parseProgramme(text: string): ProgrammeItem[] {
  return text.split('\n').map(l => l.trim()).filter(Boolean).map((line) => {
    const [kind, ...rest] = line.split('|')
    const known = KIND_WORDS[kind!.trim()]
    return known ? { kind: known, title: rest.join('|').trim() || kind!.trim() } : { kind: 'qa', title: line }
  })
}
export const programmeText = (items: ProgrammeItem[]) => items.map(i => `${WORD_OF[i.kind]}|${i.title}`).join('\n')

const pad = (n: number) => String(n).padStart(2, '0')
/** An instant as the value of <input type="datetime-local"> in Shanghai time. */
export function toLocalInput(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
/** A datetime-local value, read as Shanghai time. */
export const fromLocalInput = (value: string) => new Date(`${value}:00+08:00`).toISOString()

export interface EditorState {
  title: string
  description: string
  organiser: string
  district: EventInput['district']
  topic: EventInput['topic']
  venue: string
  address: string
  transitHint: string
  lat: string
  lng: string
  accessibility: string
  programme: string
  livestreamUrl: string
  startsAt: string
  endsAt: string
  capacity: number
  maxParty: number
  signupOpensAt: string
  signupClosesAt: string
  seriesId: string
}

export function editorFrom(e: AdminEvent): EditorState {
  return {
    title: e.title,
    description: e.description,
    organiser: e.organiser,
    district: e.district,
    topic: e.topic,
    venue: e.venue,
    address: e.address,
    transitHint: e.transitHint,
    lat: e.lat === null ? '' : String(e.lat),
    lng: e.lng === null ? '' : String(e.lng),
    accessibility: e.accessibility,
    programme: programmeText(e.programme),
    livestreamUrl: e.livestreamUrl ?? '',
    startsAt: toLocalInput(e.startsAt),
    endsAt: toLocalInput(e.endsAt),
    capacity: e.capacity,
    maxParty: e.maxParty,
    signupOpensAt: toLocalInput(e.signupOpensAt),
    signupClosesAt: toLocalInput(e.signupClosesAt),
    seriesId: e.seriesId ?? '',
  }
}

export function blankEditor(now = new Date()): EditorState {
  const day = (n: number, h: number) => `${toLocalInput(new Date(now.getTime() + n * 86_400_000).toISOString()).slice(0, 11)}${pad(h)}:00`
  return { title: '', description: '', organiser: '', district: 'pudong', topic: 'government', venue: '', address: '', transitHint: '', lat: '', lng: '', accessibility: '', programme: '答疑|', livestreamUrl: '', startsAt: day(14, 9), endsAt: day(14, 11), capacity: 20, maxParty: 2, signupOpensAt: day(1, 10), signupClosesAt: day(13, 17), seriesId: '' }
}

export function inputFrom(s: EditorState, status?: 'draft' | 'published'): EventInput {
  const num = (v: string) => v.trim() === '' ? null : Number(v)
  return {
    title: s.title,
    description: s.description,
    organiser: s.organiser,
    district: s.district,
    topic: s.topic,
    venue: s.venue,
    address: s.address,
    transitHint: s.transitHint,
    lat: num(s.lat),
    lng: num(s.lng),
    accessibility: s.accessibility,
    programme: parseProgramme(s.programme),
    livestreamUrl: s.livestreamUrl.trim() || null,
    startsAt: fromLocalInput(s.startsAt),
    endsAt: fromLocalInput(s.endsAt),
    capacity: Number(s.capacity),
    maxParty: Number(s.maxParty),
    signupOpensAt: fromLocalInput(s.signupOpensAt),
    signupClosesAt: fromLocalInput(s.signupClosesAt),
    seriesId: s.seriesId.trim() || null,
    ...(status ? { status } : {}),
  }
}
