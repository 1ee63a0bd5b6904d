// The modules of the app, in sidebar order. A module is listed only when the
// user holds its permission (none = every logged-in user); the router uses
// the same table so a hidden module cannot be opened by typing its URL either.
// A module may open to more readers than its sidebar entry is shown to
// (`routePermission`): 今日督查 is listed for those who register problems and
// works for any reader of them.
export const MODULES = [
  // The start page: campaign progress, overdue work and the acceptance queue.
  { name: 'dashboard', path: '/dashboard', icon: 'Odometer', labelKey: 'nav.dashboard', permission: 'tasks.read' },
  // The inspection team's start page: what to verify, what was registered, the overdue board.
  { name: 'inspector', path: '/inspector', icon: 'Checked', labelKey: 'nav.inspector', permission: 'problems.register', routePermission: 'problems.read' },
  { name: 'campaigns', path: '/campaigns', icon: 'Flag', labelKey: 'nav.campaigns', permission: 'tasks.read' },
  { name: 'my-tasks', path: '/my-tasks', icon: 'List', labelKey: 'nav.myTasks', permission: 'tasks.read' },
  { name: 'overdue', path: '/overdue', icon: 'Warning', labelKey: 'nav.overdue', permission: 'tasks.read' },
  // Supervision problems (督办问题): the list, each problem, the overdue board.
  { name: 'problems', path: '/problems', icon: 'Stamp', labelKey: 'nav.problems', permission: 'problems.read' },
  // The work areas' ledgers (台账) and the map of their located rows (一张图).
  { name: 'ledgers', path: '/ledgers', icon: 'Notebook', labelKey: 'nav.ledgers', permission: 'ledgers.read' },
  { name: 'map', path: '/map', icon: 'MapLocation', labelKey: 'nav.map', permission: 'ledgers.read' },
  // 空气质量: the stations' latest hour on a map, the district's days, rankings, targets.
  { name: 'air', path: '/air', icon: 'PartlyCloudy', labelKey: 'nav.air', permission: 'aq.read' },
  // The enterprise registry (一企一档); its banned list (关停取缔名单) and the
  // suspected relocations its guard raises (疑似搬迁预警) are tabs of it.
  { name: 'enterprises', path: '/enterprises', icon: 'Shop', labelKey: 'nav.enterprises', permission: 'enterprises.read' },
  { name: 'inbox', path: '/inbox', icon: 'Bell', labelKey: 'nav.inbox', permission: null },
  { name: 'units', path: '/units', icon: 'OfficeBuilding', labelKey: 'nav.units', permission: 'units.read' },
  { name: 'users', path: '/users', icon: 'User', labelKey: 'nav.users', permission: 'users.read' },
  { name: 'audit', path: '/audit', icon: 'Document', labelKey: 'nav.audit', permission: 'audit.read' },
  { name: 'calendar', path: '/calendar', icon: 'Calendar', labelKey: 'nav.calendar', permission: 'calendar.write' },
];

// Where a user starts after login: the module the server names for their
// role (GET /auth/me start_page) if they may open it, else the first module
// of their work (the inbox is everyone's, so it comes last).
export function startModule(permissions, startPage) {
  const modules = visibleModules(permissions);
  return modules.find((m) => m.name === startPage) || modules.find((m) => m.permission) || modules[0] || null;
}

export function visibleModules(permissions) {
  const granted = new Set(permissions || []);
  return MODULES.filter((m) => !m.permission || granted.has(m.permission));
}
