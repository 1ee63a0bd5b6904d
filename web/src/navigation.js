// The modules of the app, in sidebar order. A module is listed only when the
// user holds its permission; the router uses the same table so a hidden
// module cannot be opened by typing its URL either.
export const MODULES = [
  { name: 'units', path: '/units', icon: 'OfficeBuilding', labelKey: 'nav.units', permission: 'units.read' },
  { name: 'users', path: '/users', icon: 'User', labelKey: 'nav.users', permission: 'users.read' },
  { name: 'audit', path: '/audit', icon: 'Document', labelKey: 'nav.audit', permission: 'audit.read' },
];

export function visibleModules(permissions) {
  const granted = new Set(permissions || []);
  return MODULES.filter((m) => granted.has(m.permission));
}
