import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { $, $$, flushPromises, mountWithApp, settle, typeInto } from '../../tests/helpers.js';

vi.mock('../api/tasks.js', () => ({ getTask: vi.fn(), createReport: vi.fn(), uploadAttachment: vi.fn() }));
// The server's today: a demo running as of Wednesday 2017-12-20.
vi.mock('../api/calendar.js', () => ({
  getToday: vi.fn(async () => ({
    date: '2017-12-20',
    now: '2017-12-20T01:00:00.000Z',
    working_day: true,
    holiday: '',
    next_working_day: '2017-12-21',
    request_due_date: '2017-12-22',
    unverified: false,
  })),
  getCalendarYear: vi.fn(async () => ({ days: [] })),
}));
import { createReport, getTask, uploadAttachment } from '../api/tasks.js';
import { getToday } from '../api/calendar.js';
import { ApiError } from '../api/client.js';
import { useAuthStore } from '../stores/auth.js';
import TaskReportView from './TaskReportView.vue';

const leaf = {
  id: 7,
  title: '南郊乡散煤清洁取暖替代',
  owner_unit_id: 3,
  owner_unit_name: '南郊乡',
  start_date: '2017-10-01',
  deadline: '2017-12-31',
  status: 'in_progress',
  target_value: 100,
  measure_unit: '户',
  achieved_value: 30,
  progress: 0.3,
  child_count: 0,
  overdue: false,
  actions: ['report', 'tick_milestone'],
};
const parent = { ...leaf, id: 8, child_count: 2, achieved_value: 60, progress: 0.6 };

async function mountReport(task = leaf) {
  getTask.mockResolvedValue(task);
  const pinia = createPinia();
  setActivePinia(pinia);
  const auth = useAuthStore();
  auth.user = { id: 5, username: 'staff', name: '南郊乡工作人员', unit_id: 3 };
  auth.permissions = ['tasks.read', 'tasks.report'];
  auth.loaded = true;
  const mounted = await mountWithApp(TaskReportView, { pinia, path: `/tasks/${task.id}/report` });
  await settle(0);
  return mounted;
}

function pngFile(name = 'site.png', size = 68) {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], name, { type: 'image/png' });
}

async function attach(files) {
  const input = $('input[data-test="report-files-input"]');
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
}

const achievedInput = () => $('[data-test="report-achieved"] input');
const narrative = () => $('textarea[data-test="report-narrative"]');
const submit = async () => {
  $('[data-test="report-submit"]').click();
  await settle();
};

describe('TaskReportView', () => {
  beforeEach(() => {
    createReport.mockResolvedValue({ id: 41, task_id: 7, attachments: [] });
    uploadAttachment.mockImplementation(async (reportId, file, onProgress) => {
      onProgress(1);
      return { id: 90, report_id: reportId, filename: file.name };
    });
  });
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('asks for a cumulative quantity with the target and unit on a leaf with a target', async () => {
    const { wrapper } = await mountReport(leaf);
    expect(getTask).toHaveBeenCalledWith(7);
    expect(achievedInput()).not.toBeNull();
    expect(wrapper.find('[data-test="report-percent"]').exists()).toBe(false);
    const hint = wrapper.find('[data-test="report-target-hint"]').text();
    expect(hint).toContain('目标 100 户');
    expect(hint).toContain('累计 30 户');
  });

  it('offers a percent slider instead when the task is decomposed', async () => {
    const { wrapper } = await mountReport(parent);
    expect(achievedInput()).toBeNull();
    expect(wrapper.find('[data-test="report-percent"]').exists()).toBe(true);
    // Starts from the current progress.
    expect(wrapper.find('[data-test="report-percent-value"]').text()).toBe('60%');
  });

  it('requires the narrative and the quantity before sending anything', async () => {
    const { wrapper } = await mountReport(leaf);
    await submit();
    expect(createReport).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('请填写进展情况');
    expect(wrapper.text()).toContain('请填写累计完成量');
  });

  it('files the report with the quantity, then uploads each file to it', async () => {
    const { router } = await mountReport(leaf);
    await typeInto(achievedInput(), '45');
    await typeInto(narrative(), '本周完成 15 户改造，现场已验收。');
    const a = pngFile('现场1.png');
    const b = new File(['%PDF-1.4 test'], '验收单.pdf', { type: 'application/pdf' });
    await attach([a, b]);
    expect($$('[data-test="report-file-item"]')).toHaveLength(2);
    await submit();
    expect(createReport).toHaveBeenCalledWith(7, { narrative: '本周完成 15 户改造，现场已验收。', achieved_value: 45 });
    expect(uploadAttachment).toHaveBeenCalledTimes(2);
    expect(uploadAttachment.mock.calls[0][0]).toBe(41);
    expect(uploadAttachment.mock.calls[0][1]).toBe(a);
    expect(uploadAttachment.mock.calls[1][1]).toBe(b);
    expect(typeof uploadAttachment.mock.calls[0][2]).toBe('function');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/tasks/7');
  });

  it("defaults 填报日期 to the server's today, not the phone's clock", async () => {
    // The phone says 2026-03-05 10:00 in Beijing; the server says 2017-12-20.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-05T10:00:00+08:00'));
    try {
      await mountReport(leaf);
      expect(getToday).toHaveBeenCalled();
      // (Element Plus does not pass data-test through to the picker.)
      expect($('.report-form .el-date-editor input').value).toBe('2017-12-20');
      // The default is the server's own today, so nothing overrides it.
      await typeInto(achievedInput(), '45');
      await typeInto(narrative(), '按服务器日期填报');
      await submit();
      expect(createReport).toHaveBeenCalledWith(7, { narrative: '按服务器日期填报', achieved_value: 45 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a percent (and no quantity) for a decomposed task', async () => {
    await mountReport(parent);
    await typeInto(narrative(), '各村推进中');
    await submit();
    expect(createReport).toHaveBeenCalledWith(8, { narrative: '各村推进中', percent: 60 });
  });

  it('refuses a file over 8 MB before uploading anything', async () => {
    const { wrapper } = await mountReport(leaf);
    await typeInto(achievedInput(), '40');
    await typeInto(narrative(), '进展');
    const big = pngFile('big.png');
    Object.defineProperty(big, 'size', { value: 9 * 1024 * 1024 });
    await attach([big]);
    expect(wrapper.text()).toContain('文件超过 8 MB');
    await submit();
    expect(createReport).not.toHaveBeenCalled();
    expect($('[data-test="report-error"]').textContent).toContain('请先移除不能上传的文件');
  });

  it('shows server field errors under their fields', async () => {
    createReport.mockRejectedValue(
      new ApiError({ status: 422, title: 'invalid', errors: [{ field: 'achieved_value', message: 'must be between 0 and 10^12' }] }),
    );
    const { wrapper } = await mountReport(leaf);
    await typeInto(achievedInput(), '45');
    await typeInto(narrative(), '进展');
    await submit();
    const item = wrapper.findAll('.el-form-item').find((i) => i.text().includes('累计完成量'));
    expect(item.find('.el-form-item__error').text()).toBe('must be between 0 and 10^12');
    expect(uploadAttachment).not.toHaveBeenCalled();
  });

  it('keeps the report and retries only the file that failed', async () => {
    uploadAttachment
      .mockImplementationOnce(async () => ({ id: 90 }))
      .mockImplementationOnce(async () => {
        throw new ApiError({ status: 0, title: 'network' });
      });
    const { router } = await mountReport(leaf);
    await typeInto(achievedInput(), '45');
    await typeInto(narrative(), '进展');
    await attach([pngFile('a.png'), pngFile('b.png')]);
    await submit();
    expect(createReport).toHaveBeenCalledTimes(1);
    expect($('[data-test="report-partial"]').textContent).toContain('1 个文件上传失败');
    expect($('[data-test="report-file-error"]').textContent).toContain('无法连接服务器');
    expect(router.currentRoute.value.fullPath).toBe('/tasks/7/report');

    await submit(); // now "retry failed uploads"
    expect(createReport).toHaveBeenCalledTimes(1);
    expect(uploadAttachment).toHaveBeenCalledTimes(3);
    expect(uploadAttachment.mock.calls[2][1].name).toBe('b.png');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/tasks/7');
  });

  it('says so and sends nothing when the server does not allow a report', async () => {
    const { wrapper } = await mountReport({ ...leaf, status: 'accepted', actions: [] });
    expect($('[data-test="report-not-allowed"]')).not.toBeNull();
    expect($('[data-test="report-submit"]').disabled).toBe(true);
    $('[data-test="report-submit"]').click();
    await settle();
    expect(createReport).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
