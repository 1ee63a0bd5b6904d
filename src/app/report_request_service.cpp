#include "app/report_request_service.h"

#include <set>

#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_views.h"
#include "core/task_workflow.h"
#include "core/text.h"
#include "store/tasks_repo.h"

namespace lantian::app {
using task_internal::is_office;

RequestState request_state(const ReportRequest& r, const std::string& today) {
  RequestState s;
  if (r.fulfilled_at.empty()) {
    s.state = "open";
    s.late = r.due_date < today;
    return s;
  }
  s.state = "answered";
  if (auto t = parse_time(r.fulfilled_at)) s.answered_on = format_shanghai(*t).substr(0, 10);
  s.late = !s.answered_on.empty() && s.answered_on > r.due_date;
  return s;
}

Status ReportRequestService::check_input(const RequestInput& in, std::string& msg) const {
  std::vector<FieldError> errs;
  std::string day = tasks_.today();
  auto due = parse_date(in.due_date);
  if (in.due_date.empty()) {
    errs.push_back({"due_date", issue("required")});
  } else if (!due) {
    errs.push_back({"due_date", issue("not_a_date", {{"example", "2017-11-20"}})});
  } else if (in.due_date < day) {
    errs.push_back({"due_date", issue("date_in_past")});
  } else {
    // The server's calendar decides; the web app only mirrors it.
    auto cal = tasks_.calendar();
    if (cal && !cal->is_working_day(*due)) {
      errs.push_back({"due_date", issue("not_working_day", {{"date", in.due_date}})});
    }
  }
  msg = trim(in.message);
  if (auto m = check_text(msg, 500, false, true)) errs.push_back({"message", *m});
  if (!errs.empty()) return Error::validation(std::move(errs));
  return {};
}

Result<ReportRequest> ReportRequestService::insert_one(store::Tx& tx, const Actor& a, const Task& t,
                                                       const RequestInput& in, const std::string& msg,
                                                       const std::string& now) {
  ReportRequest r;
  r.task_id = t.id;
  r.task_title = t.title;
  r.unit_id = t.owner_unit_id;
  r.unit_name = t.owner_unit_name;
  r.message = msg;
  r.due_date = in.due_date;
  if (a.user_id) {
    r.requested_by = a.user_id;
    r.requested_by_name = a.name;
  }
  LT_ASSIGN(auto out, store::reports::insert_request(tx, r, t.owner_unit_path, now));
  LT_TRY(record_audit(tx, a, "request_report", "task", std::to_string(t.id), nullptr,
                      report_request_view(out, tasks_.today()), now));
  LT_TRY(tasks_.notify_people(
      tx, t, "report_requested",
      {{"title", shorten_text(t.title, 120)}, {"due_date", in.due_date}, {"message", msg}},
      "report_request:" + std::to_string(out.id), now, true));
  return out;
}

namespace {

// Why a task cannot take a request now (nullopt: it can).
Result<std::optional<Error>> refusal(store::Tx& tx, const Task& t, bool allow_second) {
  if (task_status_frozen(t.status)) return std::optional<Error>(Error::make("no_report_due"));
  if (!allow_second) {
    LT_ASSIGN(auto open, store::reports::open_request(tx, t.id));
    if (open) return std::optional<Error>(Error::make("request_open", {{"due_date", open->due_date}}));
  }
  return std::optional<Error>();
}

}  // namespace

Result<ReportRequest> ReportRequestService::request(const Actor& a, int64_t task_id, const RequestInput& in) {
  if (!is_office(a)) return Error::make("office_only");
  std::string msg;
  LT_TRY(check_input(in, msg));
  std::string now = format_utc(clock_.now());
  ReportRequest out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto t, store::tasks::get(tx, task_id));
    if (!t) return Error::not_found("no such task");
    LT_ASSIGN(auto why, refusal(tx, *t, in.allow_second));
    if (why) return std::move(*why);
    LT_ASSIGN(out, insert_one(tx, a, *t, in, msg, now));
    return {};
  }));
  return out;
}

Result<std::vector<RequestOutcome>> ReportRequestService::request_many(const Actor& a,
                                                                       const std::vector<int64_t>& task_ids,
                                                                       const RequestInput& in) {
  if (!is_office(a)) return Error::make("office_only");
  std::vector<FieldError> errs;
  if (task_ids.empty()) errs.push_back({"task_ids", issue("required")});
  if (task_ids.size() > kMaxBatch)
    errs.push_back({"task_ids", issue("too_many", {{"max", std::to_string(kMaxBatch)}})});
  std::set<int64_t> seen;
  for (int64_t id : task_ids)
    if (!seen.insert(id).second) {
      errs.push_back({"task_ids", issue("duplicate_entry", {{"value", std::to_string(id)}})});
      break;
    }
  std::string msg;
  if (auto st = check_input(in, msg); !st.ok()) {
    auto e = st.take_error();
    errs.insert(errs.end(), e.fields.begin(), e.fields.end());
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  std::string now = format_utc(clock_.now());
  std::vector<RequestOutcome> out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    out.clear();
    for (int64_t id : task_ids) {
      RequestOutcome o;
      o.task_id = id;
      LT_ASSIGN(auto t, store::tasks::get(tx, id));
      std::optional<Error> why;
      if (!t) {
        why = Error::make("no_such_task");
      } else {
        LT_ASSIGN(why, refusal(tx, *t, in.allow_second));
      }
      if (why) {
        o.code = why->code;
        o.params = why->params;
        o.message = why->message;
      } else {
        LT_ASSIGN(o.request, insert_one(tx, a, *t, in, msg, now));
      }
      out.push_back(std::move(o));
    }
    return {};
  }));
  return out;
}

Result<store::PageOf<ReportRequest>> ReportRequestService::list(const Actor& a,
                                                                store::reports::RequestFilter f,
                                                                const store::Page& page) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  f.today = tasks_.today();
  if (f.task_id) {
    // A task's history for whoever may see the task (lead and cooperating
    // units too), not only its owner unit's scope.
    LT_TRY(tasks_.get(a, *f.task_id));
    f.scope_path.clear();
  } else {
    f.scope_path = a.scope_path();
  }
  store::PageOf<ReportRequest> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::reports::list_requests(tx, f, page));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
