import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'
import { createRouter, createWebHistory, START_LOCATION } from 'vue-router'

export type Tab = 'home' | 'policies' | 'interact' | 'events' | 'me'

declare module 'vue-router' {
  interface RouteMeta {
    /** which bottom tab is current */
    tab?: Tab
    /** show a back button in the header */
    back?: boolean
    /** message key of the page's title, for document.title until the page sets its own */
    titleKey?: string
    /** staff console: its own layout, no resident tab bar */
    staff?: boolean
    /**
     * The API paths the page reads first, exactly as it asks for them: main.ts starts that request with the
     * page's code and messages instead of after them (api/http.ts prefetchApi). Undefined: nothing to start.
     */
    prefetch?: (to: RouteLocationNormalized) => string | string[] | undefined
    /**
     * The page scrolls to its anchors (the hash) itself, once its content is there: the router leaves a hash
     * within the page to it, and does not look for the anchor in what is on the page before it loads.
     */
    ownAnchors?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { tab: 'home', titleKey: 'home.title', prefetch: () => '/api/documents?limit=5' } },
  { path: '/policies', name: 'policies', component: () => import('./pages/PolicyListPage.vue'), meta: { tab: 'policies', titleKey: 'policies.title', prefetch: to => Object.keys(to.query).length === 0 ? ['/api/documents?limit=20', '/api/bundles', '/api/interpretations?limit=3'] : undefined } },
  { path: '/policies/topics/:slug', name: 'bundle', component: () => import('./pages/library/BundlePage.vue'), props: true, meta: { tab: 'policies', back: true } },
  { path: '/policies/faq', name: 'faq', component: () => import('./pages/library/FaqPage.vue'), meta: { tab: 'policies', back: true } },
  { path: '/interpretations/:id(\\d+)', name: 'interpretation', component: () => import('./pages/library/InterpretationPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'policies', back: true } },
  { path: '/policies/:id(\\d+)', name: 'document', component: () => import('./pages/DocumentPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'policies', back: true, titleKey: 'policies.title', prefetch: to => `/api/documents/${Number(to.params.id)}`, ownAnchors: true } },
  { path: '/interact', name: 'interact', component: () => import('./pages/interact/InteractPage.vue'), meta: { tab: 'interact', titleKey: 'consultations.title' } },
  { path: '/interact/decisions', name: 'decisions', component: () => import('./pages/interact/DecisionCataloguePage.vue'), meta: { tab: 'interact', back: true, titleKey: 'consultations.catalogue.title' } },
  { path: '/interact/consultations/:id(\\d+)', name: 'consultation', component: () => import('./pages/interact/ConsultationPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'interact', back: true, titleKey: 'consultations.title' } },
  { path: '/interact/consultations/:id(\\d+)/comment', name: 'consultation-comment', component: () => import('./pages/interact/CommentFormPage.vue'), props: route => ({ id: Number(route.params.id), article: typeof route.query.article === 'string' ? route.query.article : null }), meta: { tab: 'interact', back: true, titleKey: 'consultations.form.title' } },
  { path: '/me/receipts', name: 'receipts', component: () => import('./pages/interact/ReceiptsPage.vue'), meta: { tab: 'me', back: true, titleKey: 'consultations.mine.title' } },
  { path: '/me/receipts/:receiptNumber', name: 'receipt', component: () => import('./pages/interact/ReceiptPage.vue'), props: true, meta: { tab: 'me', back: true, titleKey: 'consultations.receipt.title' } },
  { path: '/events', name: 'events', component: () => import('./pages/events/EventListPage.vue'), meta: { tab: 'events', titleKey: 'events.title' } },
  { path: '/events/proposals', name: 'event-proposals', component: () => import('./pages/events/ProposalsPage.vue'), meta: { tab: 'events', back: true, titleKey: 'events.proposals.title' } },
  { path: '/events/:id(\\d+)', name: 'event', component: () => import('./pages/events/EventPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'events', back: true, titleKey: 'events.title', prefetch: to => `/api/events/${Number(to.params.id)}` } },
  { path: '/events/:id(\\d+)/signup', name: 'event-signup', component: () => import('./pages/events/EventSignupPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'events', back: true, titleKey: 'events.signUp' } },
  { path: '/me/tickets', name: 'tickets', component: () => import('./pages/events/MyTicketsPage.vue'), meta: { tab: 'me', back: true, titleKey: 'events.mine.title' } },
  { path: '/me/tickets/:code', name: 'ticket', component: () => import('./pages/events/TicketPage.vue'), props: true, meta: { tab: 'me', back: true, titleKey: 'events.ticket.title' } },
  { path: '/me/questions', name: 'my-questions', component: () => import('./pages/library/MyQuestionsPage.vue'), meta: { tab: 'me', back: true } },
  { path: '/me/offline', name: 'offline-content', component: () => import('./pages/me/OfflineContentPage.vue'), meta: { tab: 'me', back: true, titleKey: 'offline.page.title' } },
  { path: '/me', name: 'me', component: () => import('./pages/MePage.vue'), meta: { tab: 'me', titleKey: 'me.title' } },
  {
    path: '/admin',
    component: () => import('./pages/admin/AdminShell.vue'),
    meta: { staff: true, titleKey: 'admin.title' },
    children: [
      { path: '', name: 'admin', component: () => import('./pages/admin/AdminDashboardPage.vue'), meta: { staff: true, titleKey: 'admin.dashboard' } },
      { path: 'questions', name: 'admin-questions', component: () => import('./pages/admin/library/AdminQuestionsPage.vue'), meta: { staff: true, titleKey: 'libraryAdmin.questions' } },
      { path: 'documents', name: 'admin-documents', component: () => import('./pages/admin/library/AdminDocumentsPage.vue'), meta: { staff: true } },
      { path: 'documents/new', name: 'admin-document-new', component: () => import('./pages/admin/library/AdminDocumentEditPage.vue'), meta: { staff: true } },
      { path: 'documents/:id(\\d+)', name: 'admin-document', component: () => import('./pages/admin/library/AdminDocumentEditPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true } },
      { path: 'documents/:documentId(\\d+)/interpretations/new', name: 'admin-interpretation-new', component: () => import('./pages/admin/library/AdminInterpretationEditPage.vue'), props: route => ({ documentId: Number(route.params.documentId) }), meta: { staff: true } },
      { path: 'documents/:documentId(\\d+)/interpretations/:id(\\d+)', name: 'admin-interpretation', component: () => import('./pages/admin/library/AdminInterpretationEditPage.vue'), props: route => ({ documentId: Number(route.params.documentId), id: Number(route.params.id) }), meta: { staff: true } },
      { path: 'bundles', name: 'admin-bundles', component: () => import('./pages/admin/library/AdminBundlesPage.vue'), meta: { staff: true } },
      { path: 'login', name: 'admin-login', component: () => import('./pages/admin/AdminLoginPage.vue'), meta: { staff: true, titleKey: 'admin.signIn' } },
      { path: 'security', name: 'admin-security', component: () => import('./pages/admin/AdminSecurityPage.vue'), meta: { staff: true, titleKey: 'staffAuth.securityTitle' } },
      { path: 'consultations', name: 'admin-consultations', component: () => import('./pages/admin/consultations/AdminConsultationsPage.vue'), meta: { staff: true, titleKey: 'consultationsAdmin.title' } },
      { path: 'consultations/new', name: 'admin-consultation-new', component: () => import('./pages/admin/consultations/AdminConsultationNewPage.vue'), meta: { staff: true, titleKey: 'consultationsAdmin.newTitle' } },
      { path: 'consultations/:id(\\d+)/versions/new', name: 'admin-consultation-version', component: () => import('./pages/admin/consultations/AdminConsultationVersionPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true, titleKey: 'consultationsAdmin.versionTitle' } },
      { path: 'consultations/decisions', name: 'admin-decisions', component: () => import('./pages/admin/consultations/AdminDecisionCataloguePage.vue'), meta: { staff: true, titleKey: 'consultations.catalogue.title' } },
      { path: 'consultations/:id(\\d+)', name: 'admin-consultation', component: () => import('./pages/admin/consultations/AdminConsultationPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true, titleKey: 'consultationsAdmin.title' } },
      { path: 'events', name: 'admin-events', component: () => import('./pages/admin/events/AdminEventsPage.vue'), meta: { staff: true, titleKey: 'eventsAdmin.title' } },
      { path: 'events/proposals', name: 'admin-event-proposals', component: () => import('./pages/admin/events/AdminProposalsPage.vue'), meta: { staff: true, titleKey: 'eventsAdmin.proposals' } },
      { path: 'events/new', name: 'admin-event-new', component: () => import('./pages/admin/events/AdminEventEditPage.vue'), meta: { staff: true, titleKey: 'eventsAdmin.new' } },
      { path: 'events/:id(\\d+)', name: 'admin-event', component: () => import('./pages/admin/events/AdminEventPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true, titleKey: 'eventsAdmin.registrations' } },
      { path: 'events/:id(\\d+)/edit', name: 'admin-event-edit', component: () => import('./pages/admin/events/AdminEventEditPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true, titleKey: 'eventsAdmin.edit' } },
      { path: 'events/:id(\\d+)/checkin', name: 'admin-event-checkin', component: () => import('./pages/admin/events/AdminCheckinPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { staff: true, titleKey: 'eventsAdmin.checkin' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { titleKey: 'notFound.title' } },
]

/**
 * How far below the top of the window a link lands an anchor: its own scroll-margin-top, as a jump within the
 * page (scrollIntoView) does, else the 4rem the document's anchors have (clear of the header, also in 长者模式).
 */
function anchorOffset(el: Element): number {
  return Number.parseFloat(getComputedStyle(el).scrollMarginTop)
    || 4 * Number.parseFloat(getComputedStyle(document.documentElement).fontSize)
}

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior(to, from, saved) {
      const ownAnchor = !!to.hash && !!to.meta.ownAnchors
      // a hash within a page that scrolls to its anchors itself (back and forward between them too): the page's
      if (ownAnchor && to.path === from.path)
        return false
      if (saved)
        return saved
      const el = to.hash && !ownAnchor ? document.getElementById(to.hash.slice(1)) : null
      if (el)
        return { el, top: anchorOffset(el) }
      // The first page of a visit is at the top already: scrolling there would force a layout in the
      // middle of its first render (tens of ms of blocking time on a slow phone).
      return from === START_LOCATION ? false : { top: 0 }
    },
  })
}
