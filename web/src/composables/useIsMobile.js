import { onBeforeUnmount, ref } from 'vue';

// Phone-width layout switch (sidebar → drawer, forms label-on-top, dialogs
// full width). 768px is where Element Plus' own "sm" breakpoint starts.
export const MOBILE_QUERY = '(max-width: 767px)';

export function useIsMobile() {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null;
  const isMobile = ref(Boolean(mql && mql.matches));
  if (mql) {
    const update = (e) => {
      isMobile.value = e.matches;
    };
    mql.addEventListener('change', update);
    onBeforeUnmount(() => mql.removeEventListener('change', update));
  }
  return isMobile;
}
