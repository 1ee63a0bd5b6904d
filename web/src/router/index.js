import { createRouter, createWebHistory } from 'vue-router';
import { MODULES, visibleModules } from '../navigation.js';
import { useAuthStore } from '../stores/auth.js';

const moduleViews = {
  units: () => import('../views/UnitsView.vue'),
  users: () => import('../views/UsersView.vue'),
  audit: () => import('../views/AuditView.vue'),
};

export const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true } },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('../views/ChangePasswordView.vue'),
  },
  {
    path: '/',
    component: () => import('../layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/NoModulesView.vue') },
      ...MODULES.map((m) => ({
        path: m.path.slice(1),
        name: m.name,
        component: moduleViews[m.name],
        meta: { permission: m.permission },
      })),
      { path: 'forbidden', name: 'forbidden', component: () => import('../views/ForbiddenView.vue') },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue') },
    ],
  },
];

// Decides where a navigation may go. Kept separate from router creation so
// it can be reasoned about (and tested) as a plain function of auth state.
export async function authGuard(to) {
  const auth = useAuthStore();
  try {
    await auth.ensureLoaded();
  } catch {
    // Server unreachable: the login page will show the network error when
    // the user tries; nothing else can work anyway.
    auth.loaded = false;
    return to.name === 'login' ? true : { name: 'login' };
  }

  if (to.meta.public) {
    if (to.name === 'login' && auth.isLoggedIn && !auth.mustChangePassword) return { name: 'home' };
    return true;
  }
  if (!auth.isLoggedIn && !auth.mustChangePassword) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (auth.mustChangePassword && to.name !== 'change-password') return { name: 'change-password' };
  if (to.meta.permission && !auth.can(to.meta.permission)) return { name: 'forbidden' };
  if (to.name === 'home') {
    const first = visibleModules(auth.permissions)[0];
    if (first) return { name: first.name };
  }
  return true;
}

export function createAppRouter(history = createWebHistory()) {
  const router = createRouter({ history, routes });
  router.beforeEach(authGuard);
  return router;
}
