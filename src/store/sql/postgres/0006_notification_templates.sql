-- Notification texts come from templates per kind, in Chinese and English
-- (src/app/notification_templates.cpp): a notice stores which template and
-- its parameters, and is rendered in the reader's language when listed.
-- title/body keep the Chinese rendering (webhook payloads, older rows).
ALTER TABLE notifications ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
