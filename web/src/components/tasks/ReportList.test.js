import { afterEach, describe, expect, it } from 'vitest';
import { mountWithApp, settle } from '../../../tests/helpers.js';
import ReportList from './ReportList.vue';

const report = (attachments) => ({
  id: 1,
  task_id: 7,
  report_date: '2017-11-20',
  narrative: '现场已清理',
  reported_by_name: '南郊乡工作人员',
  created_at: '2017-11-20T02:00:00Z',
  attachments,
});

describe('ReportList', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("shows the server's thumbnail and the camera's time for a photo", async () => {
    const photo = {
      id: 5,
      filename: '现场.jpg',
      content_type: 'image/jpeg',
      url: '/api/v1/attachments/5',
      thumbnail_url: '/api/v1/attachments/5/thumbnail',
      taken_at: '2017-11-20T09:30:15',
      size_bytes: 1307,
    };
    const old = { ...photo, id: 6, url: '/api/v1/attachments/6', thumbnail_url: null, taken_at: null };
    const { wrapper } = await mountWithApp(ReportList, { props: { reports: [report([photo, old])] } });
    await settle();
    const imgs = wrapper.findAll('[data-test="report-thumb"] img');
    expect(imgs.map((i) => i.attributes('src'))).toEqual(['/api/v1/attachments/5/thumbnail', '/api/v1/attachments/6']);
    const taken = wrapper.findAll('[data-test="report-taken-at"]');
    expect(taken.length).toBe(1);
    expect(taken[0].text()).toContain('2017-11-20 09:30');
  });
});
