/**
 * Every enumeration the app knows, as lists of literals. Schemas, the database and the client's
 * labels all derive from these lists; labels live in the client's message files, keyed by value.
 */

export const STAFF_ROLES = ['admin', 'editor', 'moderator', 'organizer'] as const
export type StaffRole = typeof STAFF_ROLES[number]

/** A staff password's length, 12 to 128 characters (ASVS 5.0 6.2.1, 6.2.9): the schema checks it, the console says it. */
export const STAFF_PASSWORD_MIN_LENGTH = 12
export const STAFF_PASSWORD_MAX_LENGTH = 128

/**
 * What a staff session shows of the device it was started on (账户安全 → 登录设备): a browser and a system from
 * these lists, read from the User-Agent at sign-in. Never the User-Agent itself, never the address.
 */
export const SESSION_BROWSERS = ['chrome', 'edge', 'firefox', 'safari', 'opera', 'samsung', 'wechat', 'qq', 'uc', 'huawei', 'quark', 'other'] as const
export type SessionBrowser = typeof SESSION_BROWSERS[number]
export const SESSION_SYSTEMS = ['android', 'ios', 'ipados', 'harmonyos', 'windows', 'macos', 'chromeos', 'linux', 'other'] as const
export type SessionSystem = typeof SESSION_SYSTEMS[number]

/** 层级: city, district, sub-district/town */
export const LEVELS = ['city', 'district', 'street'] as const
export type Level = typeof LEVELS[number]

export const DOCUMENT_TYPES = ['work-plan', 'plan', 'normative', 'notice', 'annual-report', 'bulletin', 'opinion', 'measures'] as const
export type DocumentType = typeof DOCUMENT_TYPES[number]

/** 有效, 拟修改, 失效, 废止, 征求意见中 */
export const DOCUMENT_STATUSES = ['valid', 'amending', 'expired', 'repealed', 'consulting'] as const
export type DocumentStatus = typeof DOCUMENT_STATUSES[number]

export const TOPICS = ['housing', 'education', 'elderly-care', 'employment', 'health', 'environment', 'business', 'transport', 'finance', 'culture', 'social-security', 'government'] as const
export type Topic = typeof TOPICS[number]

export const AUDIENCES = ['residents', 'enterprises', 'elderly', 'families', 'students', 'job-seekers', 'disabled'] as const
export type Audience = typeof AUDIENCES[number]

/** Shanghai's 16 districts, by their pinyin slugs. */
export const DISTRICTS = ['huangpu', 'xuhui', 'changning', 'jingan', 'putuo', 'hongkou', 'yangpu', 'minhang', 'baoshan', 'jiading', 'pudong', 'jinshan', 'songjiang', 'qingpu', 'fengxian', 'chongming'] as const
export type District = typeof DISTRICTS[number]

export const TIME_ZONE = 'Asia/Shanghai'

/** Longest fill time a public form may report: one left open for 30 days and then sent (or replayed from the outbox). */
export const MAX_FILL_MS = 30 * 86_400_000

// 公开征求意见 (consultations)

/** Who is commenting: 个人, 企业, 行业协会, 其他组织 (the plans require hearing enterprises). */
export const COMMENTER_TYPES = ['individual', 'enterprise', 'association', 'organisation'] as const
export type CommenterType = typeof COMMENTER_TYPES[number]

/** A comment is moderated before it shows (先审后发); `withdrawn` when its author deleted it (text and contact erased). */
export const COMMENT_STATUSES = ['pending', 'published', 'rejected', 'withdrawn'] as const
export type CommentStatus = typeof COMMENT_STATUSES[number]

/** 采纳, 部分采纳, 未采纳 */
export const COMMENT_DECISIONS = ['adopted', 'partly', 'not-adopted'] as const
export type CommentDecision = typeof COMMENT_DECISIONS[number]

/** A receipt's state as the commenter sees it: moderation, then the decision once the report is out. */
export const RECEIPT_STATES = ['pending', 'published', 'rejected', 'adopted', 'partly', 'not-adopted'] as const
export type ReceiptState = typeof RECEIPT_STATES[number]

/** Derived from the clock and the report: 未开始, 征求中, 已截止, 已公布采纳情况 */
export const CONSULTATION_STATUSES = ['upcoming', 'open', 'closed', 'reported'] as const
export type ConsultationStatus = typeof CONSULTATION_STATUSES[number]

/** The consultation draft, then the adopted (final) text. */
export const DRAFT_VERSION_KINDS = ['draft', 'final'] as const
export type DraftVersionKind = typeof DRAFT_VERSION_KINDS[number]

/** Why a comment was not published; staff may edit the text that goes with it. */
export const REJECT_REASONS = ['off-topic', 'abusive', 'personal-data', 'advertising', 'duplicate', 'other'] as const
export type RejectReason = typeof REJECT_REASONS[number]

/** Why a resident reports a published comment: those of the moderators' reasons a resident can judge. */
export const REPORT_REASONS = ['abusive', 'personal-data', 'advertising', 'off-topic'] as const satisfies readonly RejectReason[]
export type ReportReason = typeof REPORT_REASONS[number]

/** 重大行政决策 stages: 决策草案, 征求意见, 听证, 公众参与情况, 专家论证, 风险评估, 合法性审查, 集体审议, 决策结果, 决策执行 */
export const DECISION_STAGES = ['draft', 'consultation', 'hearing', 'participation', 'expert-review', 'risk-assessment', 'legality-review', 'deliberation', 'result', 'implementation'] as const
export type DecisionStage = typeof DECISION_STAGES[number]

export const DECISION_STAGE_STATES = ['done', 'current', 'pending', 'skipped'] as const
export type DecisionStageState = typeof DECISION_STAGE_STATES[number]

/** Working days after the decision within which the adoption of comments is published. */
export const CONSULTATION_REPORT_WORKING_DAYS = 10
/** Longest comment, in characters, after normalisation. */
export const COMMENT_MAX_LENGTH = 2000

// 政府开放月 events

/** draft (staff only), published, cancelled (a notice tells registrants why) */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const
export type EventStatus = typeof EVENT_STATUSES[number]

/** Programme items: 答疑, 座谈, 体验, 问卷 */
export const PROGRAMME_KINDS = ['qa', 'discussion', 'experience', 'survey'] as const
export type ProgrammeKind = typeof PROGRAMME_KINDS[number]

/** Derived from the clock: 未开放报名, 报名中, 报名已截止 (a cancelled event says so instead) */
export const SIGNUP_STATES = ['not-open', 'open', 'closed', 'cancelled'] as const
export type SignupState = typeof SIGNUP_STATES[number]

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
export type RegistrationStatus = typeof REGISTRATION_STATUSES[number]

/** How the registration arrived: online, or a staff member took a phone call (12345 or the department's line). */
export const REGISTRATION_SOURCES = ['online', 'phone'] as const
export type RegistrationSource = typeof REGISTRATION_SOURCES[number]

/** A Chinese mobile number. */
export const CN_MOBILE_PATTERN = '^1[3-9]\\d{9}$'

/** A 重大行政决策事项目录 entry is listed, or withdrawn from the catalogue (with its reason). */
export const CATALOGUE_ENTRY_STATUSES = ['listed', 'withdrawn'] as const
export type CatalogueEntryStatus = typeof CATALOGUE_ENTRY_STATUSES[number]

/** A change to the catalogue after it is published; each carries its reason. */
export const CATALOGUE_CHANGES = ['added', 'modified', 'withdrawn'] as const
export type CatalogueChange = typeof CATALOGUE_CHANGES[number]

/** Theme proposals for open month are moderated before they show (先审后发). */
export const PROPOSAL_STATUSES = ['pending', 'published', 'rejected'] as const
export type ProposalStatus = typeof PROPOSAL_STATUSES[number]
