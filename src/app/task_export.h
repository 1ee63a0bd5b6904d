// Task exports as .xlsx (io::XlsxWriter): the task ledger (任务台账) and the
// overdue list (逾期任务清单), one row per task with Chinese headers:
//   序号 重点领域 工作任务 牵头单位 责任单位 责任领导 责任人 联系电话 开始时间
//   完成时限 目标值 计量单位 已完成 进度(%) 状态 是否逾期 逾期工作日
//   任务ID（请勿修改） 上级任务ID（请勿修改） 版本（请勿修改）
// The last three are the keys a re-import of the edited ledger matches its
// rows by (app/plan_import.h): the task, its parent and the version
// exported, so that changes made since are caught.
// Dates are real Excel dates; 状态 is the status's Chinese label
// (core/task_workflow.h). The ledger is in tree order (by 序号 within each
// parent); the overdue list is sorted by owner unit (in the order of the
// unit tree), then deadline.
//
// Both see only what TaskService::list_all shows the caller (its scope).
// Errors: forbidden without tasks.read; invalid when more than kMaxRows
// tasks match; internal when the workbook cannot be written.
// Thread-safety: thread-safe (stateless over TaskService).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/task_service.h"
#include "store/tasks_repo.h"

namespace lantian::app {

struct ExportFile {
  std::string filename;        // "任务台账-2017-12-20.xlsx" (the date is today in China)
  std::string ascii_filename;  // "tasks-2017-12-20.xlsx", for clients without RFC 5987
  std::string bytes;
};

class TaskExport {
 public:
  static constexpr int64_t kMaxRows = 100000;

  explicit TaskExport(TaskService& tasks) : tasks_(tasks) {}

  // The tasks matching f (the filters of GET /api/v1/tasks).
  Result<ExportFile> ledger(const Actor& a, const store::tasks::Filter& f);
  // The open tasks past their deadline, optionally of one campaign.
  Result<ExportFile> overdue(const Actor& a, std::optional<int64_t> campaign_id);

 private:
  TaskService& tasks_;
};

// The headers of both sheets, in order.
const std::vector<std::string>& export_headers();

}  // namespace lantian::app
