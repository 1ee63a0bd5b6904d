#include "store/workflow_events_repo.h"

namespace lantian::store::workflow_events {

Result<int64_t> insert(Tx& tx, const Event& e) {
  LT_ASSIGN(auto row, tx.query_one("INSERT INTO workflow_events (workflow, record_id, action, from_state, "
                                   "to_state, actor_user_id, at, note, evidence) VALUES ($1, $2, $3, $4, $5, "
                                   "$6, $7, $8, $9) RETURNING id",
                                   {e.workflow, e.record_id, e.action, null_if_empty(e.from_state),
                                    e.to_state, e.actor_user_id ? Value(*e.actor_user_id) : Value(nullptr),
                                    e.at, e.note, e.evidence.empty() ? std::string("[]") : e.evidence}));
  return row->i64(0);
}

Result<std::vector<Event>> for_record(Tx& tx, const std::string& workflow, int64_t record_id) {
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT e.id, e.action, e.from_state, e.to_state, e.actor_user_id, COALESCE(u.name, ''), "
               "e.at, e.note, e.evidence FROM workflow_events e LEFT JOIN users u ON u.id = "
               "e.actor_user_id WHERE e.workflow = $1 AND e.record_id = $2 ORDER BY e.id",
               {workflow, record_id}));
  std::vector<Event> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) {
    Event e;
    e.id = r.i64(0);
    e.workflow = workflow;
    e.record_id = record_id;
    e.action = r.take_str(1);
    e.from_state = r.take_str(2);
    e.to_state = r.take_str(3);
    if (!r.is_null(4)) e.actor_user_id = r.i64(4);
    e.actor_name = r.take_str(5);
    e.at = r.take_str(6);
    e.note = r.take_str(7);
    e.evidence = r.take_str(8);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Entered>> tasks_entered_before(Tx& tx, const std::string& status,
                                                  const std::string& cutoff, int64_t limit) {
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT id, version, since FROM (SELECT t.id, t.version, COALESCE((SELECT MAX(e.at) FROM "
               "workflow_events e WHERE e.workflow = 'task' AND e.record_id = t.id AND e.to_state = "
               "t.status), t.updated_at) AS since FROM tasks t WHERE t.status = $1) s WHERE since <= $2 "
               "ORDER BY since, id LIMIT $3",
               {status, cutoff, limit}));
  std::vector<Entered> out;
  for (auto& r : rows.rows) out.push_back({r.i64(0), r.i64(1), r.take_str(2)});
  return out;
}

}  // namespace lantian::store::workflow_events
