import type { Static } from 'typebox'
import { Type } from 'typebox'
import { MAX_FILL_MS, REPORT_REASONS } from '../constants'

/** A device's random id (`composables/device.ts`): kept on the device, stored only as a keyed hash. */
export const DeviceIdSchema = Type.String({ minLength: 16, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

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

/** A resident reports a published comment (once per device). */
export const CommentReportBodySchema = Type.Object({
  deviceId: DeviceIdSchema,
  reason: Type.Enum(REPORT_REASONS),
}, { additionalProperties: false })
export type CommentReportBody = Static<typeof CommentReportBodySchema>

/** The answer to a report: `hidden` once enough different devices have reported it. */
export const ReportResultSchema = Type.Object({ reported: Type.Literal(true), hidden: Type.Boolean() })
export type ReportResult = Static<typeof ReportResultSchema>
