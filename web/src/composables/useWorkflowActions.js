import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import { isStaleVersion } from './useForm.js';
import { useErrorToast } from './useErrorMessage.js';

/**
 * Taking a record's workflow actions from a screen, for any workflow: an
 * action whose definition requires a note asks for one, the others ask for a
 * confirmation naming the record; then `run(name, note)` sends it (e.g.
 * runTaskAction with the record's id and version). A stale version warns,
 * other errors are shown; `reload()` runs after every attempt.
 *
 * `wf` is useWorkflow(name); `title()` names the record in the confirmation.
 * An action whose definition requires evidence goes to `askEvidence(action)`
 * (the screen's own prompt for photos and documents), which later calls
 * `send(action, note, evidence)`; without askEvidence it is treated as the others.
 * Returns {busyAction: the action under way ('' when none), act(action),
 * send(action, note, evidence) → true when the server took it} where
 * `action` is one of wf.actionsOf(record.actions).
 */
export function useWorkflowActions(wf, { run, title, reload, askEvidence }) {
  const { t } = useI18n();
  const showError = useErrorToast();
  const busyAction = ref('');

  async function act(action) {
    if (action.evidence?.length && askEvidence) {
      askEvidence(action);
      return;
    }
    const label = wf.actionLabel(action.name);
    let note = '';
    if (action.note_required) {
      const answer = await ElMessageBox.prompt(t('workflow.notePrompt', { action: label }), label, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        inputType: 'textarea',
        inputValidator: (v) => (v && v.trim() ? true : t('workflow.noteRequired')),
      }).catch(() => null);
      if (!answer) return;
      note = answer.value.trim();
    } else {
      const ok = await ElMessageBox.confirm(t('workflow.confirm', { action: label, title: title() }), label, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        type: 'info',
      }).catch(() => false);
      if (!ok) return;
    }
    await send(action, note);
  }

  // Takes the action; true when the server took it. Reloads either way.
  async function send(action, note, evidence) {
    busyAction.value = action.name;
    let ok = false;
    try {
      await run(action.name, note, evidence);
      ElMessage.success(t('workflow.done', { action: wf.actionLabel(action.name) }));
      ok = true;
    } catch (err) {
      if (isStaleVersion(err)) ElMessage.warning(t('common.conflict'));
      else showError(err);
    } finally {
      busyAction.value = '';
    }
    await reload();
    return ok;
  }

  return { busyAction, act, send };
}
