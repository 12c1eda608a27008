/**
 * Every enumeration the app knows, as lists of literals. Schemas, the database and the client's
 * labels all derive from these lists; labels live in the client's message files, keyed by value.
 */

export const STAFF_ROLES = ['admin', 'editor', 'moderator', 'organizer'] as const
export type StaffRole = typeof STAFF_ROLES[number]

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
