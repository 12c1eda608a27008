// Control characters except tab/newline (which become spaces below), plus bidi overrides and zero-width
// characters that can hide or reorder text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\v\f\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/**
 * What residents and staff type, as it is stored and shown: Unicode NFC, control and invisible formatting characters removed,
 * runs of spaces and tabs collapsed to one space, at most one blank line between paragraphs, trimmed.
 */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** A one-line field (display name, contact): normalised the same way, with no line breaks at all. */
export function normaliseLine(raw: string | undefined): string | null {
  if (raw === undefined)
    return null
  const line = normaliseText(raw).replace(/\s+/g, ' ')
  return line === '' ? null : line
}
