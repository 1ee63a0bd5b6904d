#include "store/workflow_sql.h"

#include "core/workflows.h"

namespace lantian::store {

std::string sql_in_list(const std::vector<std::string>& names) {
  if (names.empty()) return "('')";
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += '\'';
    for (char c : names[i]) out += c == '\'' ? std::string("''") : std::string(1, c);
    out += '\'';
  }
  return out + ")";
}

std::string task_open_sql() { return sql_in_list(task_workflow().open_states()); }
std::string task_done_sql() { return sql_in_list(task_workflow().done_states()); }

std::string task_stamp_assignments(const std::string& status, const std::string& now) {
  const WorkflowDef& wf = task_workflow();
  std::string done = task_done_sql(), out;
  for (const auto& stamp : wf.stamps()) {
    std::vector<std::string> sets;
    for (const auto& s : wf.states)
      if (s.stamp == stamp) sets.push_back(s.name);
    out += stamp + " = CASE WHEN " + status + " IN " + sql_in_list(sets) + " THEN " + now + " WHEN " +
           status + " IN " + done + " THEN " + stamp + " ELSE NULL END, ";
  }
  return out;
}

}  // namespace lantian::store
