-- Campaign tasks (issue 4): the working-day calendar, campaigns with targets
-- and work areas, the task tree with milestones and progress reports, report
-- requests (催报), the in-app inbox and the webhook outbox.
-- Dates are "YYYY-MM-DD" text (calendar days in China), instants RFC 3339 UTC.

-- The State Council's holiday arrangement: days off and make-up working days
-- (调休). A year is "covered" once its arrangement has been loaded.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  holiday TEXT NOT NULL,
  notice TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  jurisdiction_unit_id INTEGER NOT NULL REFERENCES units(id),
  office_unit_id INTEGER NOT NULL REFERENCES units(id),
  description TEXT NOT NULL DEFAULT '',
  -- [{"name","indicator","baseline","target","unit","direction","note"}]
  targets TEXT NOT NULL DEFAULT '[]',
  -- [{"title","number","date"}]
  documents TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('planning', 'active', 'closed')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE work_areas (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  lead_unit_id INTEGER REFERENCES units(id),
  leader_name TEXT NOT NULL DEFAULT '',
  leader_phone TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX work_areas_code ON work_areas (campaign_id, code);
CREATE TABLE work_area_units (
  work_area_id INTEGER NOT NULL REFERENCES work_areas(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (work_area_id, unit_id)
);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  work_area_id INTEGER REFERENCES work_areas(id),
  parent_id INTEGER REFERENCES tasks(id),
  -- Materialised path of task ids ("/12/45/"): a subtree is one range scan.
  path TEXT NOT NULL UNIQUE,
  depth INTEGER NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner_unit_id INTEGER NOT NULL REFERENCES units(id),
  -- Copy of the owner unit's path, so "tasks in my subtree" is a range scan.
  owner_unit_path TEXT NOT NULL,
  lead_unit_id INTEGER NOT NULL REFERENCES units(id),
  lead_unit_path TEXT NOT NULL,
  responsible_leader_name TEXT NOT NULL DEFAULT '',
  responsible_leader_phone TEXT NOT NULL DEFAULT '',
  responsible_user_id INTEGER REFERENCES users(id),
  responsible_person_name TEXT NOT NULL DEFAULT '',
  responsible_person_phone TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  deadline TEXT NOT NULL,
  -- NULL for a fixed date; N for "N working days from assignment".
  deadline_working_days INTEGER,
  -- 1 when the deadline falls in a year with no holiday arrangement loaded:
  -- it was computed on plain weekdays and must be checked.
  deadline_unverified INTEGER NOT NULL DEFAULT 0,
  measure_unit TEXT NOT NULL DEFAULT '',
  target_value DOUBLE PRECISION,
  achieved_value DOUBLE PRECISION NOT NULL DEFAULT 0,
  weight DOUBLE PRECISION NOT NULL DEFAULT 1,
  -- 0..1, rolled up from the children (weighted) or from the reports.
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'accepted', 'returned')),
  status_note TEXT NOT NULL DEFAULT '',
  assigned_at TEXT NOT NULL,
  completed_at TEXT,
  accepted_at TEXT,
  last_report_at TEXT,
  child_count INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tasks_parent ON tasks (parent_id, id);
CREATE INDEX tasks_campaign_area ON tasks (campaign_id, work_area_id, path);
CREATE INDEX tasks_owner ON tasks (owner_unit_id, deadline);
CREATE INDEX tasks_owner_path ON tasks (owner_unit_path, deadline);
CREATE INDEX tasks_lead_path ON tasks (lead_unit_path, deadline);
CREATE INDEX tasks_responsible ON tasks (responsible_user_id, status, deadline);
CREATE INDEX tasks_open_deadline ON tasks (status, deadline);

CREATE TABLE task_cooperating_units (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_cooperating_units_unit ON task_cooperating_units (unit_id, task_id);

CREATE TABLE milestones (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  title TEXT NOT NULL,
  deadline TEXT NOT NULL,
  done_at TEXT,
  sort_order INTEGER NOT NULL
);
CREATE INDEX milestones_task ON milestones (task_id, sort_order);
CREATE INDEX milestones_deadline ON milestones (deadline);

CREATE TABLE progress_reports (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  report_date TEXT NOT NULL,
  -- Cumulative quantity achieved up to report_date (累计完成), if the task has a target.
  achieved_value DOUBLE PRECISION,
  -- 0..100 for tasks without a quantity.
  percent DOUBLE PRECISION,
  narrative TEXT NOT NULL,
  reported_by INTEGER NOT NULL REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  created_at TEXT NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports (task_id, id);

-- Files attached to a report (photos, documents). The bytes live in their own
-- table, base64 text (portable across both databases), so listing never
-- loads them.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  report_id INTEGER REFERENCES progress_reports(id),
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_report ON attachments (report_id);
CREATE INDEX attachments_task ON attachments (task_id);
CREATE TABLE attachment_data (
  attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
  data_base64 TEXT NOT NULL
);

-- 催报: the campaign office asks the owner of a task for a report by a date;
-- the request is fulfilled by the next report on that task.
CREATE TABLE report_requests (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL,
  requested_by INTEGER REFERENCES users(id),
  requested_at TEXT NOT NULL,
  fulfilled_at TEXT,
  fulfilled_report_id INTEGER REFERENCES progress_reports(id)
);
CREATE INDEX report_requests_open ON report_requests (fulfilled_at, due_date);
CREATE INDEX report_requests_task ON report_requests (task_id);
CREATE INDEX report_requests_unit ON report_requests (unit_path, due_date);

-- The in-app inbox. dedup_key makes reminders idempotent: the scheduler may
-- run the same pass twice (a new leader) without a second notice.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  task_id INTEGER REFERENCES tasks(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  dedup_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Webhook outbox: one row per notification to push; delivered by a job with
-- retries and exponential backoff, never in the request that caused it.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
