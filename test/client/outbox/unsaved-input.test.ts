import { describe, expect, it } from 'vitest'
import { hasUnsentInput } from '../../../src/client/composables/unsaved-input'

function page(html: string) {
  const root = document.createElement('div')
  root.innerHTML = `<main>${html}</main>`
  return root
}

describe('hasUnsentInput', () => {
  it('sees text typed into a form, not an empty form, a search box or a hidden honeypot', () => {
    const root = page(`
      <form role="search"><input type="search" value=""></form>
      <form><textarea id="t"></textarea><div aria-hidden="true"><input id="hp" type="text"></div></form>`)
    expect(hasUnsentInput(root)).toBe(false)
    ;(root.querySelector('#hp') as HTMLInputElement).value = 'bot'
    ;(root.querySelector('input[type=search]') as HTMLInputElement).value = '电梯'
    expect(hasUnsentInput(root)).toBe(false)
    ;(root.querySelector('#t') as HTMLTextAreaElement).value = '建议公示菜单'
    expect(hasUnsentInput(root)).toBe(true)
  })
})
