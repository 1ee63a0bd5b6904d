import { afterEach, describe, expect, it } from 'vitest';
import { $, $$, mountWithApp } from '../../../tests/helpers.js';
import { alertStatuses, dismissedAlert, hengshengAlert } from '../../../tests/fixtures/enterprises.js';
import RelocationAlertCard from './RelocationAlertCard.vue';

const mountCard = (alert, extra = {}) => mountWithApp(RelocationAlertCard, { props: { alert, statuses: alertStatuses, ...extra } });

describe('RelocationAlertCard', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('emits the verdict asked for, with the alert', async () => {
    const { wrapper } = await mountCard(hengshengAlert);
    $('[data-test="relocation-confirm"]').click();
    $('[data-test="relocation-dismiss"]').click();
    expect(wrapper.emitted('resolve')).toEqual([
      [hengshengAlert, 'confirmed'],
      [hengshengAlert, 'dismissed'],
    ]);
  });

  it('shows an identity named elsewhere (no registered enterprise) without a link to a file', async () => {
    await mountCard({ ...hengshengAlert, enterprise_id: null, enterprise_name: '' });
    expect($('[data-test="relocation-enterprise-link"]')).toBeNull();
    expect($('[data-test="relocation-candidate-name"]').textContent).toBe('开封市禹王台区恒晟塑料制品有限公司');
  });

  it('marks on both sides exactly what the server found the same', async () => {
    await mountCard(dismissedAlert);
    const matched = $$('.matched').map((e) => e.dataset.test);
    expect(matched).toEqual(['relocation-candidate-legal_rep', 'relocation-banned-legal_rep']);
    expect($('[data-test="relocation-verdict"]').textContent).toContain('攻坚办值班员');
  });

  it('reads in English', async () => {
    await mountWithApp(RelocationAlertCard, { props: { alert: dismissedAlert, statuses: alertStatuses }, locale: 'en' });
    expect($('[data-test="relocation-score"]').textContent).toBe('62% alike');
    expect($('[data-test="relocation-verdict"]').textContent).toContain('Dismissed');
    expect($('[data-test="relocation-reasons"]').textContent).toContain('Same legal representative');
  });
});
