import type { Static } from 'typebox'
import { Type } from 'typebox'
import { REPORT_REASONS } from '../constants'
import { RowId } from './common'

/** A device's random id (`composables/device.ts`): kept on the device, stored only as a keyed hash. */
export const DeviceIdSchema = Type.String({ minLength: 16, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

/** Longest fill time accepted: a form left open for 30 days and then sent (or replayed from the outbox). */
export const MAX_FILL_MS = 30 * 86_400_000

/**
 * The fields every public form sends besides its own (anti-automation, `services/anti-automation.ts`):
 * `website` is a honeypot people never see (it must be empty), `fillMs` the milliseconds between the form
 * being shown and submitted (a replay keeps the first value), `deviceId` the device's random id for the
 * per-device limit. Optional in the type so old clients get a plain answer rather than a schema error;
 * the server refuses a form without `fillMs` when a minimum fill time is configured.
 */
export const PublicWriteFields = {
  website: Type.Optional(Type.String({ maxLength: 200 })),
  fillMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_FILL_MS })),
  deviceId: Type.Optional(DeviceIdSchema),
}
export const PublicWriteFieldsSchema = Type.Object(PublicWriteFields)
export type PublicWriteFieldValues = Static<typeof PublicWriteFieldsSchema>

/** A resident reports a published comment (once per device). */
export const ReportBodySchema = Type.Object({
  deviceId: DeviceIdSchema,
  reason: Type.Enum(REPORT_REASONS),
}, { additionalProperties: false })
export type ReportBody = Static<typeof ReportBodySchema>

export const CommentReportParamsSchema = Type.Object({
  id: RowId(),
  commentId: RowId(),
})

/** The answer to a report: `hidden` once enough different devices have reported it. */
export const ReportResultSchema = Type.Object({ reported: Type.Literal(true), hidden: Type.Boolean() })
export type ReportResult = Static<typeof ReportResultSchema>
