import { describe, expect, it } from 'vitest'
import { ApiError, errorText, errorWithField } from '../../src/client/api/http'

const t = (key: 'errors.network' | 'errors.unknown') => key === 'errors.network' ? '网络不通' : '出了点问题'
const problem = (detail: string, field?: string) => new ApiError({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'invalid', detail, ...(field ? { field } : {}) })

describe('what a failure tells the resident or staff member', () => {
  it('says the network is down, or gives the server\'s own words, or says something went wrong: never a script\'s error text', () => {
    expect(errorText(new ApiError(undefined, true), t)).toBe('网络不通')
    expect(errorText(problem('标题不能为空'), t)).toBe('标题不能为空')
    expect(errorText(new ApiError(undefined), t)).toBe('出了点问题')
    expect(errorText(new TypeError('Cannot read properties of undefined'), t)).toBe('出了点问题')
  })

  it('keeps the field the server named, for the form to show the text there', () => {
    expect(errorWithField(problem('请填写 11 位手机号', 'phone'), t)).toEqual({ field: 'phone', text: '请填写 11 位手机号' })
    expect(errorWithField(new ApiError(undefined, true), t)).toEqual({ field: undefined, text: '网络不通' })
  })
})
