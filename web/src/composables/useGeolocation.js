import { ref } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The device's position (the Geolocation API answers in WGS-84): locate(onPosition)
 * asks once, with high accuracy, and calls onPosition({lng, lat, datum:
 * 'wgs84', accuracy}) with six decimals (about 0.1 m). `note` says how it
 * went (the accuracy, or why not: refused, failed), `failed` whether it did,
 * `denied` whether the user (or the browser's settings) refused it.
 *
 * const geo = useGeolocation()  →  {available, locating, note, failed, denied, locate}
 */
export function useGeolocation() {
  const { t } = useI18n();
  const available = typeof navigator !== 'undefined' && Boolean(navigator.geolocation);
  const locating = ref(false);
  const note = ref('');
  const failed = ref(false);
  const denied = ref(false);

  function locate(onPosition) {
    if (!available) {
      failed.value = true;
      note.value = t('ledgers.location.failed');
      return;
    }
    locating.value = true;
    note.value = '';
    failed.value = false;
    denied.value = false;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        locating.value = false;
        const accuracy = Math.round(pos.coords.accuracy || 0);
        note.value = t('ledgers.location.located', { m: accuracy });
        onPosition({ lng: Number(pos.coords.longitude.toFixed(6)), lat: Number(pos.coords.latitude.toFixed(6)), datum: 'wgs84', accuracy });
      },
      (err) => {
        locating.value = false;
        failed.value = true;
        denied.value = Boolean(err && err.code === 1);
        note.value = err && err.code === 1 ? t('ledgers.location.denied') : t('ledgers.location.failed');
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  }

  return { available, locating, note, failed, denied, locate };
}
