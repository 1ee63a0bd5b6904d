// Role names as the API knows them; labels come from i18n (roles.<name>).
export const ROLES = ['admin', 'campaign_office', 'unit_leader', 'unit_staff', 'inspector', 'viewer'];
