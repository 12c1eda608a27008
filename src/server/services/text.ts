/**
 * What residents type, made safe to store and show as text: Unicode NFC, no control characters (tabs
 * and line breaks excepted), runs of spaces collapsed, at most two line breaks in a row, trimmed.
 */
export function normaliseText(input: string): string {
  return input
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\v\f\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00A0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
