// LedgerService: tasks whose achieved quantity a ledger counts (台账计数).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>
#include <map>

#include "app/audit.h"
#include "app/ledger_service.h"
#include "app/task_service.h"
#include "core/ledgers.h"
#include "store/ledger_counts_repo.h"
#include "store/tasks_repo.h"

namespace lantian::app {
namespace {

// The group a task counts by its index; null if the type has none there.
const LedgerCountGroup* group_at(const std::vector<LedgerCountGroup>& groups, int index) {
  for (const auto& g : groups)
    if (g.index == index) return &g;
  return nullptr;
}

// The unit ids of a unit path ("/1/13/1302/"), top first.
std::vector<int64_t> path_units(const std::string& path) {
  std::vector<int64_t> out;
  for (size_t b = 1, e; (e = path.find('/', b)) != std::string::npos; b = e + 1)
    out.push_back(std::strtoll(path.substr(b, e - b).c_str(), nullptr, 10));
  return out;
}

// What the group adds up to over the type's rows under `unit_id`.
Result<double> count_under(store::Tx& tx, const LedgerType& t, const LedgerCountGroup& g, int64_t unit_id) {
  if (g.quantity == "rows") {
    LT_ASSIGN(int64_t n, store::ledger_counts::count_rows(tx, t.name, unit_id, g.states));
    return double(n);
  }
  LT_ASSIGN(auto all, store::ledger_counts::row_fields(tx, t.name, unit_id, g.states));
  double sum = 0;
  for (const auto& text : all) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) continue;  // a damaged row counts nothing
    const boost::json::value* x = v.as_object().if_contains(g.quantity);
    if (x && x->is_number()) sum += x->to_number<double>();
  }
  return sum;
}

std::string narrative_for(const LedgerType& t, const LedgerCountGroup& g, double value,
                          const std::vector<LedgerService::Changed>& rows) {
  std::string names;
  constexpr size_t kNamed = 10;
  for (size_t i = 0; i < rows.size() && i < kNamed; ++i)
    names += fmt::format("{}#{} {}", i ? "、" : "", rows[i].row_id, rows[i].title);
  if (rows.size() > kNamed) names += fmt::format(" 等 {} 行", rows.size());
  return fmt::format("台账计数（{}·{}）：{:g}。变动：{}", t.label.zh, g.label.zh, value, names);
}

}  // namespace

Status LedgerService::recount(store::Tx& tx, const Actor& a, const LedgerType& t,
                              const std::vector<Changed>& changed, const std::string& now) {
  if (t.counts.empty() || changed.empty()) return {};
  std::set<int64_t> units;
  for (const auto& c : changed)
    for (int64_t u : path_units(c.unit_path)) units.insert(u);
  LT_ASSIGN(auto links, store::ledger_counts::for_units(tx, t.name, {units.begin(), units.end()}));
  if (links.empty()) return {};
  auto groups = ledger_count_groups(t);
  for (const auto& l : links) {
    const LedgerCountGroup* g = group_at(groups, l.count_index);
    if (!g) continue;  // the type no longer counts there; the link stays, inert
    LT_ASSIGN(double value, count_under(tx, t, *g, l.owner_unit_id));
    // The rows of this change under the task's unit.
    std::vector<Changed> mine;
    const std::string mark = "/" + std::to_string(l.owner_unit_id) + "/";
    for (const auto& c : changed)
      if (c.unit_path.find(mark) != std::string::npos) mine.push_back(c);
    LT_TRY(tasks_.file_counted(tx, a, l.task_id, value, narrative_for(t, *g, value, mine), now));
  }
  return {};
}

Result<TaskLedgerCount> LedgerService::link_task(const Actor& a, int64_t task_id,
                                                 std::string_view ledger_type, int count_index) {
  LT_ASSIGN(const LedgerType* t, type(a, ledger_type));
  auto groups = ledger_count_groups(*t);
  const LedgerCountGroup* g = group_at(groups, count_index);
  if (!g)
    return Error::field("count_index", issue("one_of", {{"values", [&] {
                                                           std::string v;
                                                           for (const auto& x : groups)
                                                             v += (v.empty() ? "" : ", ") +
                                                                  std::to_string(x.index);
                                                           return v.empty() ? std::string("-") : v;
                                                         }()}}));
  std::string now = format_utc(clock_.now());
  TaskLedgerCount out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(Task task, tasks_.task_for_count(tx, a, task_id));
    // Field errors (422): what the task lacks to be counted.
    if (task.child_count > 0) return Error::field("ledger_type", issue("quantity_from_children"));
    if (!task.target_value) return Error::field("ledger_type", issue("no_quantity_target"));
    store::ledger_counts::Link l{task_id, t->name, count_index, task.owner_unit_id};
    LT_TRY(
        store::ledger_counts::set(tx, l, a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt, now));
    LT_ASSIGN(out.counted, count_under(tx, *t, *g, task.owner_unit_id));
    out.task_id = task_id;
    out.ledger_type = t->name;
    out.count_index = count_index;
    LT_TRY(record_audit(tx, a, "link_ledger_count", "task", std::to_string(task_id), nullptr,
                        boost::json::object{{"ledger_type", t->name}, {"count_index", count_index}}, now));
    std::string narrative = fmt::format("按台账计数（{}·{}）：{:g}", t->label.zh, g->label.zh, out.counted);
    LT_TRY(tasks_.file_counted(tx, a, task_id, out.counted, narrative, now));
    return {};
  }));
  return out;
}

Status LedgerService::unlink_task(const Actor& a, int64_t task_id) {
  std::string now = format_utc(clock_.now());
  return db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(tasks_.task_for_count(tx, a, task_id));
    LT_ASSIGN(auto had, store::ledger_counts::for_task(tx, task_id));
    if (!had) return {};
    LT_TRY(store::ledger_counts::remove(tx, task_id));
    LT_TRY(record_audit(
        tx, a, "unlink_ledger_count", "task", std::to_string(task_id),
        boost::json::object{{"ledger_type", had->ledger_type}, {"count_index", had->count_index}}, nullptr,
        now));
    return {};
  });
}

Result<std::optional<TaskLedgerCount>> LedgerService::task_count(const Actor& a, int64_t task_id) {
  LT_ASSIGN(auto task, tasks_.get(a, task_id));  // visibility as the task's page
  std::optional<TaskLedgerCount> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto l, store::ledger_counts::for_task(tx, task_id));
    if (l) out = TaskLedgerCount{task_id, l->ledger_type, l->count_index, task.task.achieved_value};
    return {};
  }));
  return out;
}

}  // namespace lantian::app
