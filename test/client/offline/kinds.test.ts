import { describe, expect, it } from 'vitest'
import { dependentUrls, entriesFrom, pathOf, rootUrl } from '../../../src/client/offline/kinds'

describe('what saving an item keeps', () => {
  it('a document brings its interpretations', () => {
    expect(dependentUrls('/api/documents/7', { id: 7, interpretations: [{ id: 1 }, { id: 4 }] })).toEqual(['/api/interpretations/1', '/api/interpretations/4'])
  })

  it('an interpretation brings its own images (图解) and video poster, never another site’s', () => {
    const data = { id: 1, images: [{ src: '/demo/tujie-1.png' }, { src: 'https://example.com/x.png' }, { src: '//cdn.example.com/y.png' }], video: { src: '/v.mp4', poster: '/demo/poster.png' } }
    expect(dependentUrls('/api/interpretations/1', data)).toEqual(['/demo/tujie-1.png', '/demo/poster.png'])
  })

  it('a bundle brings the documents and interpretations it gathers, not its service links', () => {
    const data = { slug: 'elevator', items: [{ kind: 'document', refId: 7 }, { kind: 'interpretation', refId: 2 }, { kind: 'service', url: 'https://zwdt.sh.gov.cn' }, { kind: 'question', refId: 9 }] }
    expect(dependentUrls('/api/bundles/elevator', data)).toEqual(['/api/documents/7', '/api/interpretations/2'])
  })

  it('a consultation brings its comments, and its report once there is one', () => {
    expect(dependentUrls('/api/consultations/5', { id: 5, status: 'open' })).toEqual(['/api/consultations/5/comments'])
    expect(dependentUrls('/api/consultations/5', { id: 5, status: 'reported' })).toEqual(['/api/consultations/5/comments', '/api/consultations/5/report'])
  })

  it('an event, a list or a failed answer brings nothing more', () => {
    expect(dependentUrls('/api/events/3', { id: 3 })).toEqual([])
    expect(dependentUrls('/api/documents?q=x', { items: [] })).toEqual([])
    expect(dependentUrls('/api/documents/7', null)).toEqual([])
  })

  it('names routes and API answers for every kind, slugs encoded', () => {
    expect(pathOf('bundle', '加装电梯')).toBe('/policies/topics/%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF')
    expect(rootUrl('bundle', 'a/b')).toBe('/api/bundles/a%2Fb')
    expect([pathOf('consultation', 5), rootUrl('event', 3)]).toEqual(['/interact/consultations/5', '/api/events/3'])
  })
})

describe('what offline search reads from an answer', () => {
  it('leaves links, anchors and enum values out of the searchable text', () => {
    const [entry] = entriesFrom('/api/interpretations/1', { id: 1, title: '图解', documentTitle: '要点', sections: [{ key: 'a', title: '背景', text: '为什么' }], faq: [], images: [{ src: '/demo/secret-name.png', alt: '流程图' }], kind: 'graphic' })
    expect(entry).toMatchObject({ kind: 'interpretation', id: '1', path: '/interpretations/1' })
    expect(entry!.text).toContain('流程图')
    expect(entry!.text).not.toContain('secret-name')
    expect(entry!.text).not.toContain('graphic')
  })

  it('gives nothing for answers that are not pages or document lists', () => {
    expect(entriesFrom('/api/consultations/5/comments', { items: [] })).toEqual([])
    expect(entriesFrom('/api/faq?q=x', [])).toEqual([])
  })
})
