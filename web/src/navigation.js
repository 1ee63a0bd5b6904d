// The modules of the app, in sidebar order. A module is listed only when the
// user holds its permission (none = every logged-in user); the router uses
// the same table so a hidden module cannot be opened by typing its URL either.
export const MODULES = [
  { name: 'campaigns', path: '/campaigns', icon: 'Flag', labelKey: 'nav.campaigns', permission: 'tasks.read' },
  { name: 'my-tasks', path: '/my-tasks', icon: 'List', labelKey: 'nav.myTasks', permission: 'tasks.read' },
  { name: 'overdue', path: '/overdue', icon: 'Warning', labelKey: 'nav.overdue', permission: 'tasks.read' },
  { name: 'inbox', path: '/inbox', icon: 'Bell', labelKey: 'nav.inbox', permission: null },
  { name: 'units', path: '/units', icon: 'OfficeBuilding', labelKey: 'nav.units', permission: 'units.read' },
  { name: 'users', path: '/users', icon: 'User', labelKey: 'nav.users', permission: 'users.read' },
  { name: 'audit', path: '/audit', icon: 'Document', labelKey: 'nav.audit', permission: 'audit.read' },
  { name: 'calendar', path: '/calendar', icon: 'Calendar', labelKey: 'nav.calendar', permission: 'calendar.write' },
];

export function visibleModules(permissions) {
  const granted = new Set(permissions || []);
  return MODULES.filter((m) => !m.permission || granted.has(m.permission));
}
