import { Type } from 'typebox'

/** A calendar date as the API writes it: a day in Shanghai, `YYYY-MM-DD`. */
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
/** An instant, ISO 8601 with its offset (the API sends UTC). */
export const IsoDateTime = Type.String({ format: 'date-time' })
