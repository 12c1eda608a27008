import { describe, expect, it } from 'vitest'
import { activeFilters, parseLibraryQuery, toggleFilter, toLocationQuery } from '../../src/client/composables/library-query'

describe('library state in the URL', () => {
  it('reads repeated filters and drops values the API would refuse', () => {
    const state = parseLibraryQuery({ q: '电梯', topic: ['housing', 'spaceflight', 'housing'], year: ['2023', 'abc'], status: 'valid' })
    expect(state).toEqual({ q: '电梯', filters: { topic: ['housing'], year: [2023], status: ['valid'] } })
  })

  it('round-trips through the URL query', () => {
    const state = { q: '补贴', filters: { district: ['pudong', 'yangpu'], year: [2026] } }
    expect(parseLibraryQuery(toLocationQuery(state) as never)).toEqual(state)
  })

  it('toggles a value on and off, and lists what is active', () => {
    const on = toggleFilter({ q: '', filters: {} }, 'topic', 'education')
    expect(activeFilters(on)).toEqual([{ facet: 'topic', value: 'education' }])
    expect(toLocationQuery(toggleFilter(on, 'topic', 'education'))).toEqual({})
  })
})
