import type { RouteRecordRaw } from 'vue-router'
import { createRouter, createWebHistory } from 'vue-router'

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
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { tab: 'home', titleKey: 'home.title' } },
  { path: '/policies', name: 'policies', component: () => import('./pages/PolicyListPage.vue'), meta: { tab: 'policies', titleKey: 'policies.title' } },
  { path: '/policies/:id(\\d+)', name: 'document', component: () => import('./pages/DocumentPage.vue'), props: route => ({ id: Number(route.params.id) }), meta: { tab: 'policies', back: true, titleKey: 'policies.title' } },
  { path: '/interact', name: 'interact', component: () => import('./pages/InteractPage.vue'), meta: { tab: 'interact', titleKey: 'interact.title' } },
  { path: '/events', name: 'events', component: () => import('./pages/EventsPage.vue'), meta: { tab: 'events', titleKey: 'events.title' } },
  { path: '/me', name: 'me', component: () => import('./pages/MePage.vue'), meta: { tab: 'me', titleKey: 'me.title' } },
  {
    path: '/admin',
    component: () => import('./pages/admin/AdminShell.vue'),
    meta: { staff: true, titleKey: 'admin.title' },
    children: [
      { path: '', name: 'admin', component: () => import('./pages/admin/AdminDashboardPage.vue'), meta: { staff: true, titleKey: 'admin.dashboard' } },
      { path: 'login', name: 'admin-login', component: () => import('./pages/admin/AdminLoginPage.vue'), meta: { staff: true, titleKey: 'admin.signIn' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { titleKey: 'notFound.title' } },
]

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior(to, _from, saved) {
      if (saved)
        return saved
      if (to.hash)
        return { el: to.hash, top: 72 }
      return { top: 0 }
    },
  })
}
