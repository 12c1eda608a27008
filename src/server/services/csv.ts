// Cells that start with these are formulas to Excel and its kin; a leading apostrophe keeps them text.
const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV cell: formula characters neutralised, quoted when needed. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (FORMULA_START.test(text))
    text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A CSV document Excel opens correctly in Chinese: UTF-8 with a BOM, CRLF line ends. */
export function toCsv(rows: unknown[][]): string {
  return `\uFEFF${rows.map(row => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}
