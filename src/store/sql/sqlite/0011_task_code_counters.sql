-- The 序号 counters (issue 10: creates were spending half their time reading
-- every sibling's code to number one task).
--
-- One row per place where tasks are numbered: a parent's children
-- ('p<parent id>') or a work area's top level ('a<campaign id>:<area id or ->').
-- last_number is the highest numeric last segment of a code there ("1.12" →
-- 12), prefix the part before it of the code that holds it ("1." of "1.12";
-- only the top level continues it). Bookkeeping, not data: a row is made by the
-- first numbering at its place from the codes there (store/tasks_repo.cpp,
-- tasks::code_counter), and raised by every insert or update of a code at its
-- place; a place without a row is counted afresh. So a copy starts without
-- any (tables::kCarriedApart), and numbers are never reused.
CREATE TABLE task_code_counters (
  place TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL,
  prefix TEXT NOT NULL
) WITHOUT ROWID;
