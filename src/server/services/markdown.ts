import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

// Staff write interpretations and bundle notes in Markdown. It is rendered and sanitised here, on the
// server, once when saved: what residents' browsers receive is a small, fixed set of tags.
const marked = new Marked({ gfm: true, breaks: true, async: false })

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h3', 'h4', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'hr'],
  allowedAttributes: { a: ['href', 'rel', 'target'], th: ['scope'] },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: {
    // headings in a section sit under the page's h1 and the section's h2
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: 'noopener noreferrer', target: '_blank' } }),
  },
}

/** Markdown to sanitised HTML: only the tags above, links with safe schemes, no scripts, styles or handlers. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, ALLOWED)
}
