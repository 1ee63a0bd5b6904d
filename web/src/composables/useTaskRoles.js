import { computed, onMounted } from 'vue';
import { useAuthStore } from '../stores/auth.js';
import { useUnitTreeStore } from '../stores/unitTree.js';
import { isWithin } from '../utils/tree.js';

// Where the user stands toward a task, for showing buttons (the server
// decides): owner = the user's unit is the owner unit or above it (may
// report, tick milestones); office = district-wide campaign office or admin.
export function useTaskRoles(taskRef, parentRef) {
  const auth = useAuthStore();
  const units = useUnitTreeStore();
  onMounted(() => units.load().catch(() => {}));
  const userUnit = computed(() => auth.user?.unit_id ?? null);
  const isOffice = computed(() => auth.can('campaigns.write'));
  const isOwner = computed(() => {
    const t = taskRef.value;
    return Boolean(t) && auth.can('tasks.report') && isWithin(units.items, userUnit.value, t.owner_unit_id);
  });
  const canReport = computed(() => isOwner.value && taskRef.value?.status !== 'accepted');
  // Whoever handed the task down (the parent's owner unit or above) or the office.
  const canEdit = computed(() => {
    const t = taskRef.value;
    if (!t || t.status === 'accepted' || !auth.can('tasks.write')) return false;
    if (isOffice.value) return true;
    const parent = parentRef?.value;
    return Boolean(parent) && isWithin(units.items, userUnit.value, parent.owner_unit_id);
  });
  return { isOffice, isOwner, canReport, canEdit };
}
