import type { DocumentBody } from './schemas/document-body'

/** A document body as plain text, part by part, for search tokens and snippets (server and, offline, the phone). */
export function bodyToPlainText(body: DocumentBody): string {
  const lines: string[] = [...body.preamble]
  for (const part of body.parts) {
    lines.push(`${part.number}、${part.title}`, ...part.paragraphs)
    for (const item of part.items) {
      lines.push([item.title, ...item.paragraphs].filter(Boolean).join(''))
      for (const sub of item.subitems)
        lines.push(`${sub.title ?? ''}${sub.text}`)
      if (item.units.length)
        lines.push(item.units.join('、'))
    }
  }
  lines.push(...body.closing)
  for (const table of body.tables) {
    lines.push(table.title)
    for (const row of table.rows)
      lines.push([row.task, row.content, row.units.join('、'), row.deadline].filter(Boolean).join(' '))
  }
  return lines.filter(Boolean).join('\n')
}
