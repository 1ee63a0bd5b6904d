#include "store/workflow_events_repo.h"

#include <algorithm>
#include <tuple>

#include "store/paging.h"
#include "store/tables.h"

namespace lantian::store::workflow_events {
namespace {

constexpr const Table& T = tables::workflow_events;
constexpr Extra kJoined[] = {{"actor_name", "COALESCE(u.name, '')"}};
constexpr Selection kSel{T, "e", kJoined};

Fields values_of(const Event& e) {
  Fields f(T);
  f.set(T["workflow"], e.workflow)
      .set(T["record_id"], e.record_id)
      .set(T["action"], e.action)
      .set(T["from_state"], null_if_empty(e.from_state))
      .set(T["to_state"], e.to_state)
      .set(T["actor_user_id"], e.actor_user_id ? Value(*e.actor_user_id) : Value(nullptr))
      .set(T["at"], e.at)
      .set(T["note"], e.note)
      .set(T["evidence"], e.evidence.empty() ? std::string("[]") : e.evidence);
  return f;
}

}  // namespace

Result<int64_t> insert(Tx& tx, const Event& e) {
  Statement st = values_of(e).insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  return row->i64(0);
}

Status insert_many(Tx& tx, std::span<const Event> events) {
  return in_groups(events.size(), [&](size_t first, size_t n) -> Status {
    std::vector<Fields> values;
    values.reserve(n);
    for (size_t i = first; i < first + n; ++i) values.push_back(values_of(events[i]));
    Statement st = Fields::insert_rows(values);
    LT_TRY(tx.exec(st.sql, st.params));
    return {};
  });
}

namespace {

void take_events(Rows& rows, std::vector<Event>& out) {
  constexpr const Selection& c = kSel;
  out.reserve(out.size() + rows.rows.size());
  for (auto& r : rows.rows) {
    Event e;
    e.id = r.i64(c["id"]);
    e.workflow = r.take_str(c["workflow"]);
    e.record_id = r.i64(c["record_id"]);
    e.action = r.take_str(c["action"]);
    e.from_state = r.take_str(c["from_state"]);
    e.to_state = r.take_str(c["to_state"]);
    e.actor_user_id = r.opt_i64(c["actor_user_id"]);
    e.actor_name = r.take_str(c["actor_name"]);
    e.at = r.take_str(c["at"]);
    e.note = r.take_str(c["note"]);
    e.evidence = r.take_str(c["evidence"]);
    out.push_back(std::move(e));
  }
}

}  // namespace

Result<std::vector<Event>> for_record(Tx& tx, const std::string& workflow, int64_t record_id) {
  LT_ASSIGN(auto rows, tx.query("SELECT " + kSel.sql() +
                                    " FROM workflow_events e LEFT JOIN users u ON u.id = e.actor_user_id "
                                    "WHERE e.workflow = $1 AND e.record_id = $2 ORDER BY e.id",
                                {workflow, record_id}));
  std::vector<Event> out;
  take_events(rows, out);
  return out;
}

Result<std::vector<Event>> of_actions(Tx& tx, const std::string& workflow, const std::vector<int64_t>& ids,
                                      const std::vector<std::string>& actions) {
  std::vector<Event> out;
  if (actions.empty()) return out;
  LT_TRY(in_groups(ids.size(), [&](size_t first, size_t count) -> Status {
    Where w;
    w.add("e.workflow = ?", {workflow});
    w.add_in("e.action", actions);
    std::string in = "e.record_id IN (";
    std::vector<Value> v;
    for (size_t i = 0; i < count; ++i) {
      in += i ? ", ?" : "?";
      v.emplace_back(ids[first + i]);
    }
    w.add(in + ")", std::move(v));
    LT_ASSIGN(auto rows, tx.query("SELECT " + kSel.sql() +
                                      " FROM workflow_events e LEFT JOIN users u ON u.id = e.actor_user_id" +
                                      w.sql() + " ORDER BY e.record_id, e.id",
                                  w.params()));
    take_events(rows, out);
    return {};
  }));
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    return std::tie(a.record_id, a.id) < std::tie(b.record_id, b.id);
  });
  return out;
}

Result<std::vector<Entered>> tasks_entered_before(Tx& tx, const std::string& status,
                                                  const std::string& cutoff, const Entered& after,
                                                  int64_t limit) {
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT id, version, since FROM (SELECT t.id, t.version, COALESCE((SELECT MAX(e.at) FROM "
               "workflow_events e WHERE e.workflow = 'task' AND e.record_id = t.id AND e.to_state = "
               "t.status), t.updated_at) AS since FROM tasks t WHERE t.status = $1) s WHERE since <= $2 "
               "AND (since > $3 OR (since = $3 AND id > $4)) ORDER BY since, id LIMIT $5",
               {status, cutoff, after.since, after.task_id, limit}));
  std::vector<Entered> out;
  for (auto& r : rows.rows) out.push_back({r.i64(0), r.i64(1), r.take_str(2)});
  return out;
}

}  // namespace lantian::store::workflow_events
