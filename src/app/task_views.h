// JSON views of campaigns, work areas, tasks, progress reports, attachments
// and report requests: the one place that decides how they look to the
// outside (API responses, audit before/after). A task's fields are listed
// once (task_views.cpp) for both the DOM views and write_task_detail_json,
// which writes them straight as text (app/json_writer.h) for responses.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/json_writer.h"
#include "core/task.h"

namespace lantian::app {

struct TaskFacts;
struct TaskDetail;
struct TaskEvent;

boost::json::object campaign_view(const Campaign& c, boost::json::storage_ptr sp = {});
boost::json::object work_area_view(const WorkArea& a, boost::json::storage_ptr sp = {});
// compare_only leaves out derived and bookkeeping fields (names filled by
// queries, timestamps, roll-ups), so two views compare equal when the stored
// editable content is the same.
boost::json::object task_view(const Task& t, boost::json::storage_ptr sp = {}, bool compare_only = false);
// task_view plus the reader's derived facts (overdue, remaining days, actions).
boost::json::object task_detail_view(const TaskDetail& d, boost::json::storage_ptr sp = {});
// Writes the object task_detail_view builds (the same keys, values and order)
// straight as text: for list pages.
void write_task_detail_json(JsonWriter& w, const TaskDetail& d);
boost::json::object report_view(const ProgressReport& r, boost::json::storage_ptr sp = {});
boost::json::object attachment_view(const Attachment& a, boost::json::storage_ptr sp = {});
// app/workflow_views.h's event view with "evidence" as the files named:
// [{id, filename, content_type, url, thumbnail_url, taken_at}].
boost::json::object task_event_view(const TaskEvent& e);
// With the request's state as of `today` (app/report_request_service.h).
boost::json::object report_request_view(const ReportRequest& r, const std::string& today,
                                        boost::json::storage_ptr sp = {});

}  // namespace lantian::app
