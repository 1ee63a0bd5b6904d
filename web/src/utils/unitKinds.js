// Unit kinds and which kind may sit under which. Mirrors the table in
// src/core/org.cpp; the server rejects a wrong parent anyway, this only keeps
// the "new sub-unit" dialog from offering choices that would fail.
export const UNIT_KINDS = [
  'district_government',
  'campaign_office',
  'supervision_group',
  'district_department',
  'township',
  'street_office',
  'village',
  'community',
  'grid',
];

const ALLOWED_PARENTS = {
  district_government: [],
  campaign_office: ['district_government'],
  supervision_group: ['district_government', 'campaign_office'],
  district_department: ['district_government'],
  township: ['district_government'],
  street_office: ['district_government'],
  village: ['township', 'street_office'],
  community: ['township', 'street_office'],
  grid: ['township', 'street_office', 'village', 'community'],
};

export function childKindsOf(parentKind) {
  return UNIT_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(parentKind));
}

// GB/T 2260 county-level codes have 6 digits, township codes 9 and village
// (statistical) codes 12.
export function isValidDivisionCode(code) {
  return /^(\d{6}|\d{9}|\d{12})$/.test(String(code ?? ''));
}

/**
 * Element Plus form rules for the unit dialog. `t` is vue-i18n's translate
 * function so the messages follow the chosen language.
 */
export function unitFormRules(t) {
  return {
    name: [
      { required: true, whitespace: true, message: t('units.validation.nameRequired'), trigger: 'blur' },
      { max: 60, message: t('units.validation.nameTooLong'), trigger: 'blur' },
    ],
    kind: [{ required: true, message: t('units.validation.kindRequired'), trigger: 'change' }],
    division_code: [
      {
        trigger: 'blur',
        validator: (_rule, value, callback) => {
          if (value === undefined || value === null || String(value).trim() === '') return callback();
          if (!isValidDivisionCode(String(value).trim())) return callback(new Error(t('units.validation.divisionCode')));
          return callback();
        },
      },
    ],
  };
}
