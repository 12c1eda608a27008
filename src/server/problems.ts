import type { ProblemCode } from '../shared/schemas/problem'

export type Lang = 'zh' | 'en'

interface ProblemText { status: number, zh: string, en: string }

/** The resident-readable text of each problem; `{name}` placeholders are filled from `params`. */
const PROBLEMS: Record<ProblemCode, ProblemText> = {
  'validation': { status: 400, zh: '提交的内容有误，请检查后再试。', en: 'Some of what was sent is not valid. Please check and try again.' },
  'not-found': { status: 404, zh: '没有找到您要的内容，它可能已被移除。', en: 'We could not find what you asked for. It may have been removed.' },
  'route-not-found': { status: 404, zh: '没有这个接口。', en: 'There is no such API route.' },
  'unauthenticated': { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  'forbidden': { status: 403, zh: '您没有权限进行此操作。', en: 'You are not allowed to do this.' },
  'bad-origin': { status: 403, zh: '请求来源不被接受，请从本站页面提交。', en: 'This request did not come from this site. Please submit it from the site itself.' },
  'invalid-credentials': { status: 401, zh: '邮箱或密码不正确。', en: 'The email or password is not correct.' },
  'rate-limited': { status: 429, zh: '操作太频繁，请 {seconds} 秒后再试。', en: 'Too many requests. Please try again in {seconds} seconds.' },
  'payload-too-large': { status: 413, zh: '提交的内容太大。', en: 'What was sent is too large.' },
  'unsupported-media-type': { status: 415, zh: '请以 JSON 格式提交。', en: 'Please send JSON.' },
  'conflict': { status: 409, zh: '操作与当前状态冲突，请刷新后再试。', en: 'This conflicts with the current state. Please refresh and try again.' },
  'internal': { status: 500, zh: '服务暂时出了问题，请稍后再试。您填写的内容没有丢失。', en: 'Something went wrong on our side. Please try again later; nothing you typed was lost.' },
}

/** A problem a handler can throw: the error handler turns it into an RFC 9457 response. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly options: { detail?: { zh: string, en: string }, field?: string, params?: Record<string, string | number>, status?: number } = {},
  ) {
    super(code)
  }

  get status(): number {
    return this.options.status ?? PROBLEMS[this.code].status
  }
}

/** The text of a problem in the asked language. */
export function problemText(code: ProblemCode, lang: Lang, params: Record<string, string | number> = {}): string {
  return PROBLEMS[code][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''))
}

export function problemStatus(code: ProblemCode): number {
  return PROBLEMS[code].status
}

/** English only when the request asks for English before Chinese. */
export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage)
    return 'zh'
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh'
}

interface AjvLikeError { keyword: string, instancePath: string, params: Record<string, unknown>, message?: string }

/** A validation error in words a resident can read, and the field it belongs to. */
export function describeValidation(error: AjvLikeError, lang: Lang): { field?: string, detail: string } {
  const missing = typeof error.params.missingProperty === 'string' ? error.params.missingProperty : undefined
  const extra = typeof error.params.additionalProperty === 'string' ? error.params.additionalProperty : undefined
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const field = missing ? [path, missing].filter(Boolean).join('.') : extra ? [path, extra].filter(Boolean).join('.') : path || undefined
  const limit = error.params.limit as number | undefined
  const zh: Record<string, string> = {
    required: '请填写此项。',
    maxLength: `内容太长：最多 ${limit} 个字。`,
    minLength: limit === 1 ? '请填写此项。' : `内容太短：至少 ${limit} 个字。`,
    maximum: `数值太大：最大为 ${limit}。`,
    minimum: `数值太小：最小为 ${limit}。`,
    maxItems: `最多选择 ${limit} 项。`,
    pattern: '格式不正确。',
    format: '格式不正确。',
    type: '类型不正确。',
    enum: '不是可选的值。',
    const: '不是可选的值。',
    anyOf: '不是可选的值。',
    additionalProperties: '包含不接受的字段。',
  }
  const en: Record<string, string> = {
    required: 'This is required.',
    maxLength: `Too long: at most ${limit} characters.`,
    minLength: limit === 1 ? 'This is required.' : `Too short: at least ${limit} characters.`,
    maximum: `Too large: at most ${limit}.`,
    minimum: `Too small: at least ${limit}.`,
    maxItems: `Choose at most ${limit}.`,
    pattern: 'The format is not valid.',
    format: 'The format is not valid.',
    type: 'The type is not valid.',
    enum: 'Not one of the allowed values.',
    const: 'Not one of the allowed values.',
    anyOf: 'Not one of the allowed values.',
    additionalProperties: 'Contains a field that is not accepted.',
  }
  const table = lang === 'en' ? en : zh
  return { field, detail: table[error.keyword] ?? (lang === 'en' ? 'Not valid.' : '内容不正确。') }
}
