import { useWorkflow } from './useWorkflow.js';
import { progressColor } from '../utils/tasks.js';

// Tasks follow the "task" workflow: its definition, plus the progress bar's
// colour for a task from its state's flags and colour.
export const TASK_WORKFLOW = 'task';

export function useTaskWorkflow() {
  const wf = useWorkflow(TASK_WORKFLOW);
  return {
    ...wf,
    progressColor: (task) => progressColor(task, task ? wf.state(task.status) : null),
  };
}
