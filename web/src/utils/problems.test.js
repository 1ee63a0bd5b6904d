import { afterEach, describe, expect, it } from 'vitest';
import { problemWorkflow } from '../../tests/fixtures/problems.js';
import {
  SAVED_FILTERS_PREFIX,
  actionBody,
  actionErrorKey,
  actionModel,
  actionNeeds,
  daysLate,
  emptyFilters,
  filterQuery,
  filtersFromQuery,
  photoMarks,
  problemHistory,
  readSavedFilters,
  removeFilterSet,
  saveFilterSet,
} from './problems.js';

const action = (name) => problemWorkflow.actions.find((a) => a.name === name);

describe('problem list filters', () => {
  it('read a route query and give it back as the URL and the API name it', () => {
    const f = filtersFromQuery({ status: 'assigned,rectifying', unit_id: '29', source: 'district', type: 'construction_dust', overdue: 'true', from: '2017-12-01', to: '2017-12-20', q: ' 裸土 ', page: '3' });
    expect(f).toEqual({ status: ['assigned', 'rectifying'], unit_id: 29, source: 'district', type: 'construction_dust', overdue: true, from: '2017-12-01', to: '2017-12-20', q: '裸土' });
    expect(filterQuery(f)).toEqual({ status: 'assigned,rectifying', unit_id: '29', source: 'district', type: 'construction_dust', overdue: 'true', from: '2017-12-01', to: '2017-12-20', q: '裸土' });
  });

  it('leave out what is empty or malformed', () => {
    expect(filterQuery(emptyFilters())).toEqual({});
    expect(filtersFromQuery({ unit_id: 'x', from: '12/01/2017', overdue: '1' })).toEqual(emptyFilters());
  });
});

describe('saved filter sets', () => {
  afterEach(() => window.localStorage.clear());

  it('are kept per user in localStorage, by name, and removed by name', () => {
    saveFilterSet(3, '南郊乡逾期', { ...emptyFilters(), unit_id: 29, overdue: true });
    saveFilterSet(3, '待核查', { ...emptyFilters(), status: ['reported', 'verifying'] });
    expect(JSON.parse(window.localStorage.getItem(`${SAVED_FILTERS_PREFIX}3`))).toHaveLength(2);
    expect(readSavedFilters(3)).toEqual([
      { name: '南郊乡逾期', query: { unit_id: '29', overdue: 'true' } },
      { name: '待核查', query: { status: 'reported,verifying' } },
    ]);
    // Another user at the same computer has none.
    expect(readSavedFilters(4)).toEqual([]);
    // The same name again replaces the set.
    saveFilterSet(3, '南郊乡逾期', { ...emptyFilters(), unit_id: 29 });
    expect(readSavedFilters(3).map((s) => [s.name, s.query])).toEqual([
      ['待核查', { status: 'reported,verifying' }],
      ['南郊乡逾期', { unit_id: '29' }],
    ]);
    expect(removeFilterSet(3, '待核查').map((s) => s.name)).toEqual(['南郊乡逾期']);
  });

  it('survive a broken store', () => {
    window.localStorage.setItem(`${SAVED_FILTERS_PREFIX}5`, '{not json');
    expect(readSavedFilters(5)).toEqual([]);
    expect(readSavedFilters(null)).toEqual([]);
  });
});

describe('action bodies', () => {
  it('read what each action needs from its definition', () => {
    expect(actionNeeds(action('assign'))).toEqual({ fields: ['unit_id', 'deadline'], evidence: [], noteRequired: false });
    expect(actionNeeds(action('report'))).toEqual({ fields: [], evidence: ['photo'], noteRequired: true });
    expect(actionNeeds(action('pass_verification'))).toEqual({ fields: ['location'], evidence: ['photo'], noteRequired: false });
  });

  it('send the members of the required fields only, with the version, note and files', () => {
    const m = { ...actionModel(), unit_id: 29, person_id: 4, leader_party: ' 张书记 ', leader_government: '李乡长', cooperating_unit_ids: [8], deadline_kind: 'working_days', deadline_days: 5, verifier_id: 2, note: ' 请按期整改 ' };
    expect(actionBody(action('assign'), m, { version: 1 })).toEqual({
      version: 1,
      note: '请按期整改',
      unit_id: 29,
      person_id: 4,
      leader_party: '张书记',
      leader_government: '李乡长',
      cooperating_unit_ids: [8],
      deadline_kind: 'working_days',
      deadline_days: 5,
    });
    expect(actionBody(action('assign'), { ...m, deadline_kind: 'date', deadline: '2017-12-29' }, { version: 1 })).toMatchObject({ deadline_kind: 'date', deadline: '2017-12-29' });
    expect(actionBody(action('assign'), { ...m, deadline_kind: 'immediate' }, { version: 1 })).toMatchObject({ deadline_kind: 'immediate' });
    expect(actionBody(action('assign_verifier'), m, { version: 6 })).toEqual({ version: 6, note: '请按期整改', verifier_id: 2 });
    expect(actionBody(action('request_extension'), { ...actionModel(), extension_until: '2018-01-05', note: '雨雪天气' }, { version: 4 })).toEqual({ version: 4, note: '雨雪天气', extension_until: '2018-01-05' });
    const loc = { ...actionModel(), location: { lng: 114.36552, lat: 34.76125, datum: 'wgs84' } };
    expect(actionBody(action('pass_verification'), loc, { version: 7, files: [31, 32] })).toEqual({ version: 7, files: [31, 32], location: { lng: 114.36552, lat: 34.76125, datum: 'wgs84' } });
    // A field the app has no input of its own for is sent as typed.
    expect(actionBody({ name: 'x', required_fields: ['ticket'] }, { ...actionModel(), extra: { ticket: 'A-1' } }, { version: 2 })).toEqual({ version: 2, ticket: 'A-1' });
  });

  it('place the server’s field errors at the inputs that send them', () => {
    expect(actionErrorKey('deadline')).toBe('deadline');
    expect(actionErrorKey('deadline_days')).toBe('deadline');
    expect(actionErrorKey('person_id')).toBe('person_id');
    expect(actionErrorKey('location.lat')).toBe('location');
    expect(actionErrorKey('files')).toBe('evidence');
    expect(actionErrorKey('version')).toBeNull();
  });
});

describe('photo marks and history', () => {
  it('list the server’s findings on a photo in a fixed order', () => {
    expect(photoMarks(null)).toEqual([]);
    expect(photoMarks({ no_exif: false, far: false, before_assigned: false, reused_on: [], any: false })).toEqual([]);
    expect(photoMarks({ no_exif: true, far: true, distance_m: 812, before_assigned: true, reused_on: [3, 9], any: true }).map((m) => [m.code, m.params])).toEqual([
      ['no_exif', {}],
      ['far', { m: 812 }],
      ['before_assigned', {}],
      ['reused', { ids: [3, 9] }],
    ]);
  });

  it('put the escalation steps among the moves, in time order, with the moves’ files', () => {
    const events = [
      { id: 1, action: 'create', from: null, to: 'registered', at: '2017-12-08T01:00:00Z', evidence: [] },
      { id: 2, action: 'report', from: 'rectifying', to: 'reported', at: '2017-12-21T01:00:00Z', evidence: [31] },
    ];
    const history = problemHistory(events, [{ id: 31, filename: 'a.jpg' }], [{ step: 'reminder', deadline: '2017-12-18', days_overdue: 1, at: '2017-12-19T00:30:00Z' }], (s) => ({ label: `督办:${s.step}`, note: `${s.days_overdue}` }));
    expect(history.map((h) => h.label || h.action)).toEqual(['create', '督办:reminder', 'report']);
    expect(history[1]).toMatchObject({ escalation: true, to: null, note: '1' });
    expect(history[2].evidence).toEqual([{ id: 31, filename: 'a.jpg' }]);
  });

  it('count the days past a deadline', () => {
    expect(daysLate('2017-12-18', '2017-12-20')).toBe(2);
    expect(daysLate('2017-12-20', '2017-12-20')).toBe(0);
    expect(daysLate(null, '2017-12-20')).toBe(0);
  });
});
