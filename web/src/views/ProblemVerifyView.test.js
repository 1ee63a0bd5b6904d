import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, makeRouter, mountWithApp, settle, typeInto } from '../../tests/helpers.js';
import { problemPhoto, rectifyingProblem } from '../../tests/fixtures/problems.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/problems.js', () => ({ getProblem: vi.fn(), runProblemAction: vi.fn(), uploadProblemFile: vi.fn(), getProblemRules: vi.fn(async () => ({})) }));
vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));
import { ApiError } from '../api/client.js';
import { getProblem, runProblemAction, uploadProblemFile } from '../api/problems.js';
import { useAuthStore } from '../stores/auth.js';
import ProblemVerifyView from './ProblemVerifyView.vue';

const Stub = { template: '<div />' };
function problemRouter() {
  const router = makeRouter();
  router.addRoute({ path: '/problems/:id(\\d+)', name: 'problem', component: Stub });
  router.addRoute({ path: '/problems/:id(\\d+)/verify', name: 'problem-verify', component: Stub });
  return router;
}

const verifying = {
  ...rectifyingProblem,
  status: 'verifying',
  version: 8,
  days_overdue: 0,
  verifier: { id: 2, name: '攻坚办值班员' },
  files: [problemPhoto(31, { no_exif: true, any: true })],
  actions: ['pass_verification', 'fail_verification'],
};
const closed = { ...verifying, status: 'closed', version: 9, actions: ['find_rebound'] };
const HERE = { coords: { longitude: 114.365521, latitude: 34.761249, accuracy: 8 } };

let geo;
function phone(answer) {
  geo = vi.fn((ok, fail) => (answer === 'denied' ? fail({ code: 1 }) : ok(HERE)));
  Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition: geo }, configurable: true });
}

async function mountVerify(problem = verifying) {
  getProblem.mockResolvedValue(structuredClone(problem));
  const pinia = createPinia();
  setActivePinia(pinia);
  Object.assign(useAuthStore(), { user: { id: 2, unit_id: 2 }, permissions: ['problems.read', 'problems.manage'], loaded: true });
  const mounted = await mountWithApp(ProblemVerifyView, { path: `/problems/${problem.id}/verify`, pinia, router: problemRouter() });
  await settle(0);
  return mounted;
}
async function takePhoto() {
  const input = $('input[data-test="verify-photo-camera"]');
  Object.defineProperty(input, 'files', { value: [new File(['jpeg'], '核查.jpg', { type: 'image/jpeg' })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(0);
}

describe('ProblemVerifyView', () => {
  beforeEach(() => {
    globalThis.URL.createObjectURL = vi.fn(() => '');
    globalThis.URL.revokeObjectURL = vi.fn();
    uploadProblemFile.mockResolvedValue({ ...problemPhoto(40), flags: undefined });
  });
  afterEach(() => {
    vi.clearAllMocks();
    window.localStorage.clear();
    document.body.innerHTML = '';
  });

  it('shows the problem and the reported photos with the server’s marks; says so to one who is not its verifier', async () => {
    phone('granted');
    await mountVerify({ ...verifying, actions: [] });
    expect($('[data-test="verify-title"]').textContent).toBe('南郊村安置房工地裸土未覆盖');
    expect($('[data-test="verify-standard"]').textContent).toBe('裸露土方全部覆盖');
    expect($('[data-test="verify-reported"] [data-test="photo-mark-no_exif"]')).not.toBeNull();
    expect($('[data-test="verify-not-yours"]')).not.toBeNull();
    expect($('[data-test="verify-submit"]')).toBeNull();
    // Nobody is asked for a position they will not use.
    expect(geo).not.toHaveBeenCalled();
  });

  it('passes with the phone’s position and a photo from the camera, then opens the closed problem', async () => {
    phone('granted');
    runProblemAction.mockResolvedValue(structuredClone(closed));
    const { router } = await mountVerify();
    expect(geo).toHaveBeenCalledTimes(1);
    expect($('[data-test="verify-location-text"]').textContent).toBe('114.365521, 34.761249');
    expect($('[data-test="verify-pass_verification"]').classList.contains('is-active')).toBe(true);
    // What the pass asks for, by its definition: the position and photos.
    expect($('[data-field="location"]').classList.contains('is-required')).toBe(true);
    expect($('[data-field="evidence"]').classList.contains('is-required')).toBe(true);
    expect($('[data-field="note"]').classList.contains('is-required')).toBe(false);
    await takePhoto();
    expect(uploadProblemFile).toHaveBeenCalledWith(7, expect.any(File), expect.any(Function));
    expect($('[data-test="verify-photo-item"]').dataset.status).toBe('done');
    await typeInto($('textarea[data-test="verify-note"]'), '已全部覆盖');
    $('[data-test="verify-submit"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledWith(7, 'pass_verification', {
      version: 8,
      note: '已全部覆盖',
      files: [40],
      location: { lng: 114.365521, lat: 34.761249, datum: 'wgs84' },
    });
    expect(router.currentRoute.value.fullPath).toBe('/problems/7');
    expect(window.localStorage.getItem('lantian.draft.problem-verify.2.7')).toBeNull();
  });

  it('says clearly when the position was refused, and tries again on request', async () => {
    phone('denied');
    await mountVerify();
    expect($('[data-test="verify-location-text"]')).toBeNull();
    expect($('[data-test="verify-locate-denied"]').textContent).toContain('您拒绝了定位权限');
    phone('granted');
    $('[data-test="verify-locate"]').click();
    await settle(0);
    expect(geo).toHaveBeenCalledTimes(1);
    expect($('[data-test="verify-locate-denied"]')).toBeNull();
    expect($('[data-test="verify-location-text"]').textContent).toBe('114.365521, 34.761249');
  });

  it('fails with the required note only', async () => {
    phone('granted');
    runProblemAction.mockResolvedValue({ ...verifying, status: 'rectifying', actions: [] });
    await mountVerify();
    $('[data-test="verify-fail_verification"] input').click();
    await settle(0);
    expect($('[data-field="location"]')).toBeNull();
    expect($('[data-field="evidence"]')).toBeNull();
    expect($('[data-field="note"]').classList.contains('is-required')).toBe(true);
    await typeInto($('textarea[data-test="verify-note"]'), '西侧仍有约50平方米未覆盖');
    $('[data-test="verify-submit"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledWith(7, 'fail_verification', { version: 8, note: '西侧仍有约50平方米未覆盖' });
  });

  it('keeps what was typed and uploaded on a poor connection, and does not verify twice when an answer was lost', async () => {
    phone('granted');
    runProblemAction.mockRejectedValueOnce(new ApiError({ status: 0, title: 'network' }));
    await mountVerify();
    await takePhoto();
    await typeInto($('textarea[data-test="verify-note"]'), '已全部覆盖');
    $('[data-test="verify-submit"]').click();
    await settle();
    expect($('[data-test="verify-error"]').textContent).toContain('已保存在本机');
    const draft = JSON.parse(window.localStorage.getItem('lantian.draft.problem-verify.2.7'));
    expect(draft).toMatchObject({ verdict: 'pass_verification', note: '已全部覆盖', photos: [{ id: 40 }] });

    // The page reloaded: everything is back.
    document.body.innerHTML = '';
    const { router } = await mountVerify();
    expect($('[data-test="verify-restored"]')).not.toBeNull();
    expect($('textarea[data-test="verify-note"]').value).toBe('已全部覆盖');
    expect($$('[data-test="verify-photo-item"]')).toHaveLength(1);

    // The first send had reached the server after all: the version moved on.
    runProblemAction.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_version', params: { version: '9' } }));
    getProblem.mockResolvedValue(structuredClone(closed));
    $('[data-test="verify-submit"]').click();
    await settle();
    expect(runProblemAction).toHaveBeenCalledTimes(2);
    expect(router.currentRoute.value.fullPath).toBe('/problems/7');
    expect(window.localStorage.getItem('lantian.draft.problem-verify.2.7')).toBeNull();
  });
});
