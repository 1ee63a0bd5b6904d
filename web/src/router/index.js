import { createRouter, createWebHistory } from 'vue-router';
import { MODULES, startModule } from '../navigation.js';
import { useAuthStore } from '../stores/auth.js';

const moduleViews = {
  dashboard: () => import('../views/DashboardView.vue'),
  campaigns: () => import('../views/CampaignsView.vue'),
  'my-tasks': () => import('../views/MyTasksView.vue'),
  overdue: () => import('../views/OverdueView.vue'),
  ledgers: () => import('../views/LedgersView.vue'),
  map: () => import('../views/MapView.vue'),
  air: () => import('../views/AirQualityView.vue'),
  enterprises: () => import('../views/EnterprisesView.vue'),
  inbox: () => import('../views/InboxView.vue'),
  units: () => import('../views/UnitsView.vue'),
  users: () => import('../views/UsersView.vue'),
  audit: () => import('../views/AuditView.vue'),
  calendar: () => import('../views/CalendarView.vue'),
  problems: () => import('../views/ProblemsView.vue'),
  inspector: () => import('../views/InspectorView.vue'),
};

// Screens reached from a module (not in the sidebar); `nav` is the sidebar
// entry to highlight.
const detailRoutes = [
  {
    path: 'campaigns/:id(\\d+)',
    name: 'campaign',
    component: () => import('../views/CampaignDetailView.vue'),
    meta: { permission: 'tasks.read', nav: '/campaigns' },
  },
  {
    path: 'campaigns/:id(\\d+)/tasks',
    name: 'campaign-tasks',
    component: () => import('../views/TaskTreeView.vue'),
    meta: { permission: 'tasks.read', nav: '/campaigns' },
  },
  {
    path: 'campaigns/:id(\\d+)/import',
    name: 'campaign-import',
    component: () => import('../views/ImportWizardView.vue'),
    meta: { permission: 'campaigns.write', nav: '/campaigns' },
  },
  {
    // /tasks?campaign_id=3 is the same tree as /campaigns/3/tasks.
    path: 'tasks',
    name: 'tasks',
    redirect: (to) =>
      to.query.campaign_id
        ? { name: 'campaign-tasks', params: { id: String(to.query.campaign_id) }, query: {} }
        : { name: 'campaigns' },
  },
  {
    path: 'tasks/:id(\\d+)',
    name: 'task',
    component: () => import('../views/TaskDetailView.vue'),
    meta: { permission: 'tasks.read', nav: '/my-tasks' },
  },
  {
    path: 'tasks/:id(\\d+)/report',
    name: 'task-report',
    component: () => import('../views/TaskReportView.vue'),
    meta: { permission: 'tasks.report', nav: '/my-tasks' },
  },
  {
    // A ledger type's rows: /ledgers/coal_boilers?status=removed&f.use=heating
    path: 'ledgers/:type([a-z0-9_]+)',
    name: 'ledger',
    component: () => import('../views/LedgerListView.vue'),
    meta: { permission: 'ledgers.read', nav: '/ledgers' },
  },
  {
    path: 'ledger-rows/:id(\\d+)',
    name: 'ledger-row',
    component: () => import('../views/LedgerRowView.vue'),
    meta: { permission: 'ledgers.read', nav: '/ledgers' },
  },
  {
    // 现场检查 of a ledger row, on a phone.
    path: 'ledger-rows/:id(\\d+)/inspect',
    name: 'ledger-row-inspect',
    component: () => import('../views/InspectionFormView.vue'),
    meta: { permission: 'inspections.write', nav: '/ledgers' },
  },
  {
    // 监测站点: the station registry (a tab of 空气质量); the office
    // registers and edits stations there.
    path: 'air/stations',
    name: 'air-stations',
    component: () => import('../views/StationsView.vue'),
    meta: { permission: 'aq.read', nav: '/air' },
  },
  {
    // 重污染天气预警: the forecast, the standard's decision, the alert in
    // force and the past ones (a tab of 空气质量).
    path: 'air/alerts',
    name: 'air-alerts',
    component: () => import('../views/AlertsView.vue'),
    meta: { permission: 'alerts.read', nav: '/air' },
  },
  {
    path: 'air/alerts/:id(\\d+)',
    name: 'air-alert',
    component: () => import('../views/AlertView.vue'),
    meta: { permission: 'alerts.read', nav: '/air' },
  },
  {
    // The spot checks of the alert's sources, for inspectors on a phone.
    path: 'air/alerts/:id(\\d+)/spot-checks',
    name: 'air-spot-checks',
    component: () => import('../views/SpotChecksView.vue'),
    meta: { permission: 'alerts.read', nav: '/air' },
  },
  {
    // The registry's tabs: the banned list and the suspected relocations.
    path: 'banned-enterprises',
    name: 'banned-enterprises',
    component: () => import('../views/BannedEnterprisesView.vue'),
    meta: { permission: 'enterprises.read', nav: '/enterprises' },
  },
  {
    path: 'relocation-alerts',
    name: 'relocation-alerts',
    component: () => import('../views/RelocationAlertsView.vue'),
    meta: { permission: 'enterprises.read', nav: '/enterprises' },
  },
  {
    // 一企一档: the enterprise's file.
    path: 'enterprises/:id(\\d+)',
    name: 'enterprise',
    component: () => import('../views/EnterpriseView.vue'),
    meta: { permission: 'enterprises.read', nav: '/enterprises' },
  },
  {
    // 现场检查 of an enterprise, on a phone (the same form as a ledger row's).
    path: 'enterprises/:id(\\d+)/inspect',
    name: 'enterprise-inspect',
    component: () => import('../views/InspectionFormView.vue'),
    meta: { permission: 'inspections.write', nav: '/enterprises' },
  },
  {
    // 逾期督办: the problems' overdue board (a tab of the list).
    path: 'problems/overdue',
    name: 'problem-lateness',
    component: () => import('../views/ProblemLatenessView.vue'),
    meta: { permission: 'problems.read', nav: '/problems' },
  },
  {
    path: 'problems/:id(\\d+)',
    name: 'problem',
    component: () => import('../views/ProblemView.vue'),
    meta: { permission: 'problems.read', nav: '/problems' },
  },
  {
    // 现场核查 of a problem, on a phone (its verifier; the page says so to others).
    path: 'problems/:id(\\d+)/verify',
    name: 'problem-verify',
    component: () => import('../views/ProblemVerifyView.vue'),
    meta: { permission: 'problems.read', nav: '/problems' },
  },
  {
    path: 'inspections/:id(\\d+)',
    name: 'inspection',
    component: () => import('../views/InspectionView.vue'),
    meta: { permission: 'ledgers.read', nav: '/ledgers' },
  },
];

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
        meta: m.routePermission || m.permission ? { permission: m.routePermission || m.permission } : {},
      })),
      ...detailRoutes,
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
    // The server names each role's start page (inspectors: the overdue
    // board); otherwise the first module of the user's work.
    const first = startModule(auth.permissions, auth.startPage);
    if (first) return { name: first.name };
  }
  return true;
}

export function createAppRouter(history = createWebHistory()) {
  const router = createRouter({ history, routes });
  router.beforeEach(authGuard);
  return router;
}
