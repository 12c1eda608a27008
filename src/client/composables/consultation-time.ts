const HOUR = 3_600_000

export type TimeLeft = { unit: 'days' | 'hours', n: number } | { unit: 'soon', n: 0 }

/** How long a consultation stays open: whole days when a day or more is left, then hours, then "soon". */
export function timeLeft(closesAt: string, now: Date): TimeLeft {
  const ms = new Date(closesAt).getTime() - now.getTime()
  if (ms >= 24 * HOUR)
    return { unit: 'days', n: Math.floor(ms / (24 * HOUR)) }
  if (ms >= HOUR)
    return { unit: 'hours', n: Math.floor(ms / HOUR) }
  return { unit: 'soon', n: 0 }
}
