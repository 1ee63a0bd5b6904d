#include "app/notification_templates.h"

#include <boost/json.hpp>

#include "core/error_codes.h"

namespace lantian::app {
namespace {

constexpr NotificationTemplate kTemplates[] = {
    {"task_assigned", "title,deadline", "新任务：{title}", "完成时限 {deadline}", "New task: {title}",
     "Due {deadline}"},
    {"task_returned", "title,note", "任务被退回：{title}", "{note}", "Task returned: {title}", "{note}"},
    {"task_accepted", "title,note", "任务已验收：{title}", "{note}", "Task accepted: {title}", "{note}"},
    {"task_reopened", "title,note", "任务验收已撤销：{title}", "{note}", "Acceptance withdrawn: {title}",
     "{note}"},
    {"report_requested", "title,due_date,message", "催报：{title}", "请于 {due_date} 前填报进展。{message}",
     "Report requested: {title}", "Please report progress by {due_date}. {message}"},
    {"task_overdue", "title,unit,deadline", "任务已逾期：{title}",
     "「{title}」（责任单位：{unit}）的完成时限 {deadline} 已过，尚未完成。", "Task overdue: {title}",
     "\"{title}\" ({unit}) was due on {deadline} and is not finished."},
    {"deadline_today", "title,unit,deadline", "任务今日到期：{title}",
     "「{title}」（责任单位：{unit}）的完成时限是今天（{deadline}）。", "Task due today: {title}",
     "\"{title}\" ({unit}) is due today ({deadline})."},
    {"deadline_reminder", "title,unit,deadline,days", "任务即将到期：{title}",
     "「{title}」（责任单位：{unit}）的完成时限是 {deadline}，还剩 {days} 个工作日。",
     "Task due soon: {title}", "\"{title}\" ({unit}) is due on {deadline}, in {days} working day(s)."},
    {"milestone_today", "milestone,title,deadline", "节点今日到期：{milestone}",
     "任务「{title}」的节点「{milestone}」时限是今天（{deadline}）。", "Milestone due today: {milestone}",
     "The milestone \"{milestone}\" of \"{title}\" is due today ({deadline})."},
    {"milestone_reminder", "milestone,title,deadline,days", "节点即将到期：{milestone}",
     "任务「{title}」的节点「{milestone}」时限是 {deadline}，还剩 {days} 个工作日。",
     "Milestone due soon: {milestone}",
     "The milestone \"{milestone}\" of \"{title}\" is due on {deadline}, in {days} working day(s)."},
    {"report_overdue", "title,unit,due_date,message", "催报逾期未报：{title}",
     "{unit} 应于 {due_date} 前报送「{title}」的进展，至今未报。{message}",
     "Requested report missing: {title}",
     "{unit} was asked to report on \"{title}\" by {due_date} and has not. {message}"},
    {"overdue_digest", "today,count,new_count,items", "逾期任务汇总：{count} 项",
     "截至 {today}，共有 {count} 项任务逾期未完成（今日新增 {new_count} 项）：{items}\n详见逾期清单。",
     "Overdue tasks: {count}",
     "As of {today}, {count} task(s) are overdue ({new_count} new today):{items}\nSee the overdue list."},
    // Supervision problems (督办): the number names the problem in every text.
    {"problem_assigned", "number,title,deadline", "督办交办：{number}", "「{title}」，整改时限 {deadline}。",
     "Problem assigned: {number}", "\"{title}\", to rectify by {deadline}."},
    {"problem_returned", "number,title,note", "督办问题被退回：{number}", "「{title}」：{note}",
     "Problem returned: {number}", "\"{title}\": {note}"},
    {"problem_reported", "number,title,unit", "整改已报送待核查：{number}",
     "{unit} 已报送「{title}」的整改情况。", "Rectification reported: {number}",
     "{unit} reported on \"{title}\"."},
    {"problem_verify", "number,title,unit", "请实地核查：{number}", "请核查 {unit} 对「{title}」的整改。",
     "Please verify on site: {number}", "Please verify how {unit} rectified \"{title}\"."},
    {"problem_failed", "number,title,note", "核查未通过：{number}", "「{title}」：{note}",
     "Verification failed: {number}", "\"{title}\": {note}"},
    {"problem_closed", "number,title", "督办问题已销号：{number}", "「{title}」已核查销号。",
     "Problem closed: {number}", "\"{title}\" was verified and closed."},
    {"problem_extension_requested", "number,title,unit,until", "延期申请：{number}",
     "{unit} 申请将「{title}」延期至 {until}。", "Extension requested: {number}",
     "{unit} asks to extend \"{title}\" to {until}."},
    {"problem_extension_approved", "number,title,deadline", "延期申请已同意：{number}",
     "「{title}」的整改时限延至 {deadline}。", "Extension approved: {number}",
     "\"{title}\" is now due on {deadline}."},
    {"problem_extension_refused", "number,title,note,deadline", "延期申请未同意：{number}",
     "「{title}」的整改时限仍为 {deadline}：{note}", "Extension refused: {number}",
     "\"{title}\" is still due on {deadline}: {note}"},
    {"problem_lookback_due", "number,title,unit", "回头看到期：{number}",
     "请对 {unit} 已销号的「{title}」开展回头看。", "Look-back due: {number}",
     "Please look back at \"{title}\" ({unit}), closed earlier."},
    {"problem_rebound", "number,title,new_number", "问题反弹：{number}",
     "「{title}」反弹，已另立 {new_number} 督办。", "Problem rebounded: {number}",
     "\"{title}\" came back; followed up as {new_number}."},
    {"problem_due_soon", "number,title,deadline", "督办问题即将到期：{number}",
     "「{title}」的整改时限是 {deadline}。", "Problem due soon: {number}",
     "\"{title}\" is due on {deadline}."},
    {"problem_reminder", "number,title,deadline,days", "督办问题已逾期（提醒）：{number}",
     "「{title}」的整改时限 {deadline} 已过 {days} 天，请尽快整改并报送。", "Problem overdue: {number}",
     "\"{title}\" was due on {deadline}, {days} day(s) ago. Please rectify and report."},
    {"problem_warning", "number,title,unit,deadline,days", "督办问题逾期预警：{number}",
     "{unit} 的「{title}」整改时限 {deadline} 已过 {days} 天，请单位主要负责同志督促整改。",
     "Overdue warning: {number}",
     "\"{title}\" ({unit}) was due on {deadline}, {days} day(s) ago. The unit's leaders are asked to act."},
    {"problem_interview", "number,title,unit,deadline,days", "约谈建议：{number}",
     "{unit} 的「{title}」逾期 {days} 天（时限 {deadline}），建议约谈该单位党政主要负责同志。",
     "Interview proposed: {number}",
     "\"{title}\" ({unit}) is {days} day(s) late (due {deadline}): summoning the unit's leaders is "
     "proposed."},
};

}  // namespace

std::span<const NotificationTemplate> notification_templates() { return kTemplates; }

const NotificationTemplate* find_notification_template(std::string_view name) {
  for (const auto& t : kTemplates)
    if (t.name == name) return &t;
  return nullptr;
}

Result<RenderedNotice> render_notification(std::string_view name, const Params& params, Lang lang) {
  const NotificationTemplate* t = find_notification_template(name);
  if (!t) return Error::invalid("no notification template " + std::string(name));
  bool zh = lang == Lang::zh;
  return RenderedNotice{render_template(zh ? t->zh_title : t->en_title, params),
                        render_template(zh ? t->zh_body : t->en_body, params)};
}

std::string params_to_json(const Params& params) {
  boost::json::object o;
  for (const auto& [k, v] : params) o[k] = v;
  return boost::json::serialize(o);
}

Params params_from_json(std::string_view text) {
  Params out;
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object())
    if (val.is_string()) out.emplace_back(std::string(k), std::string(val.as_string()));
  return out;
}

}  // namespace lantian::app
