// Campaign, work-area and task records (任务分解 · 工作落实 · 责任履行), as plain
// values shared by the store, the services and the API. Dates are
// "YYYY-MM-DD" (calendar days in China); instants are RFC 3339 UTC.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/evidence.h"
#include "core/model.h"

namespace lantian {

struct UnitRef {
  int64_t id = 0;
  std::string name;
};

// A quantified goal of a campaign: "PM2.5 mean −15 % year on year".
struct CampaignTarget {
  std::string name;       // "PM2.5 平均浓度"
  std::string indicator;  // "pm25_mean"
  std::optional<double> baseline;
  std::optional<double> target;
  std::optional<double> actual;
  std::string unit;       // "µg/m³"
  std::string direction;  // "decrease" | "increase"
  std::string note;       // "同比下降 15%"
};

struct SourceDocument {
  std::string title;
  std::string number;  // 环大气〔2017〕110号
  std::string date;
};

struct Campaign {
  int64_t id = 0;
  std::string name;
  std::string start_date, end_date;
  int64_t jurisdiction_unit_id = 0;
  std::string jurisdiction_unit_name;  // filled by queries
  int64_t office_unit_id = 0;
  std::string office_unit_name;  // filled by queries
  std::string description;
  std::vector<CampaignTarget> targets;
  std::vector<SourceDocument> documents;
  std::string status;  // planning | active | closed
  int64_t version = 1;
  std::string created_at, updated_at;
};

struct WorkArea {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string code;  // "scattered_polluting", see core/work_areas.h
  std::string name;
  int sort_order = 0;
  std::optional<int64_t> lead_unit_id;
  std::string lead_unit_name;  // filled by queries
  Person leader;               // 分管领导
  std::string description;
  std::vector<UnitRef> cooperating_units;
  int64_t version = 1;
  std::string created_at, updated_at;
};

struct Milestone {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string title;
  std::string deadline;
  std::string done_at;  // "" = open
  int sort_order = 0;
};

struct Task {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::optional<int64_t> work_area_id;
  std::string work_area_name;  // filled by queries
  std::optional<int64_t> parent_id;
  std::string path;  // "/12/45/"
  int depth = 0;
  std::string code;  // 序号, e.g. "1.2": from a plan, or numbered at creation (core/task_rules.h)
  std::string title;
  std::string description;
  int64_t owner_unit_id = 0;
  std::string owner_unit_name;  // filled by queries
  std::string owner_unit_path;
  int64_t lead_unit_id = 0;
  std::string lead_unit_name;  // filled by queries
  std::string lead_unit_path;
  Person responsible_leader;
  std::optional<int64_t> responsible_user_id;
  Person responsible_person;  // the user's name/phone, or a name typed in a plan
  std::string start_date;
  std::string deadline;
  std::optional<int> deadline_working_days;
  bool deadline_unverified = false;
  std::string measure_unit;
  std::optional<double> target_value;
  double achieved_value = 0;
  double weight = 1;
  double progress = 0;  // 0..1
  std::string status;
  std::string status_note;
  std::string assigned_at;
  std::string completed_at, accepted_at, last_report_at;
  int child_count = 0;
  int open_child_count = 0;            // children neither completed nor accepted (filled by queries)
  bool has_reports = false;            // a progress report has been filed on it (filled by queries)
  std::string parent_owner_unit_path;  // its parent's owner unit, "" at the top (filled by queries)
  std::vector<UnitRef> cooperating_units;
  std::vector<Milestone> milestones;
  std::optional<int64_t> created_by;
  int64_t version = 1;
  std::string created_at, updated_at;
};

struct Attachment {
  int64_t id = 0;
  std::optional<int64_t> report_id;
  int64_t task_id = 0;
  std::string filename;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;
  int64_t uploaded_by = 0;
  std::string created_at;
  // From the evidence store's record (core/evidence.h), when there is one:
  // a row of 0004 not yet moved by the startup migration has none.
  std::optional<EvidenceRecord> evidence;
};

struct ProgressReport {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string report_date;
  std::optional<double> achieved_value;
  std::optional<double> percent;
  std::string narrative;
  int64_t reported_by = 0;
  std::string reported_by_name;  // filled by queries
  int64_t unit_id = 0;
  std::string unit_name;  // filled by queries
  std::vector<Attachment> attachments;
  std::string created_at;
};

struct ReportRequest {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string task_title;  // filled by queries
  int64_t unit_id = 0;
  std::string unit_name;  // filled by queries
  std::string message;
  std::string due_date;
  std::optional<int64_t> requested_by;
  std::string requested_at;
  std::string fulfilled_at;
  std::optional<int64_t> fulfilled_report_id;
  std::string requested_by_name;  // filled by queries
};

}  // namespace lantian
