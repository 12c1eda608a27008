/** Message files beyond `core` (which ships in the entry), loaded before the pages that use them. */
export const NAMESPACES = ['consultations', 'events', 'offline', 'staff'] as const
export type Namespace = typeof NAMESPACES[number]

/**
 * The namespaces a path's page needs. By path rather than route meta so a feature's routes need not
 * remember it: 互动 and receipts use consultations, 活动 and tickets events, 我的 lists both, staff all.
 * `offline` (保存到本机, the content date, offline search, the outbox's forms and lists) is on nearly every
 * resident page, so every resident page but the home page loads it rather than each remembering to.
 */
export function namespacesFor(path: string): Namespace[] {
  if (path.startsWith('/admin'))
    return ['staff', 'consultations', 'events']
  if (path === '/')
    return []
  if (path.startsWith('/interact') || path.startsWith('/me/receipts'))
    return ['consultations', 'offline']
  if (path.startsWith('/events') || path.startsWith('/me/tickets'))
    return ['events', 'offline']
  if (path === '/me' || path.startsWith('/me/'))
    return ['consultations', 'events', 'offline']
  return ['offline']
}
