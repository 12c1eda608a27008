// Whether the page holds text the resident typed and has not submitted: an update reload would lose it.
// Read from the DOM, so every form counts (resident and staff) without each having to register.

const TEXT_FIELDS = ['textarea', 'input:not([type])', 'input[type=text]', 'input[type=tel]', 'input[type=email]', 'input[type=url]', 'input[type=number]']

/** Text typed into a form in the page's main area (search boxes and hidden honeypots do not count). */
export function hasUnsentInput(root: ParentNode = document): boolean {
  const selector = TEXT_FIELDS.map(f => `main form:not([role=search]) ${f}`).join(', ')
  return [...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(selector)]
    .some(field => field.value.trim() !== '' && field.value !== field.defaultValue && !field.closest('[aria-hidden="true"]'))
}
