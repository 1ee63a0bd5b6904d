// ProblemService::document: the supervision notice (督办单) and the
// rectification report (整改报告) of a problem as io::NoticeDocument, which
// src/io renders as PDF or A4 HTML. The wording follows the district's
// notices: the issuing office, the number, a table of who answers for what
// by when, then the problem, the standard and (for the report) the measures
// and the on-site check with the photos filed with those moves.
#include <algorithm>

#include "app/problem_service.h"
#include "core/workflows.h"
#include "store/record_files_repo.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {
namespace {

constexpr std::string_view kIssuer = "禹王台区大气污染防治攻坚战领导小组办公室";

// "2017-11-22" → "2017年11月22日".
std::string chinese_date(const std::string& ymd) {
  if (ymd.size() < 10) return ymd;
  auto num = [&](size_t at, size_t n) { return std::to_string(std::stoi(ymd.substr(at, n))); };
  return ymd.substr(0, 4) + "年" + num(5, 2) + "月" + num(8, 2) + "日";
}

std::string deadline_text(const Problem& p) {
  if (p.deadline.empty()) return "";
  std::string out = chinese_date(p.deadline);
  if (p.deadline_kind == DeadlineKind::immediate) out = "立行立改（" + out + "）";
  if (p.deadline_kind == DeadlineKind::working_days)
    out += "（交办后" + std::to_string(p.deadline_days) + "个工作日）";
  return out;
}

}  // namespace

Result<io::NoticeDocument> ProblemService::document(const Actor& a, int64_t id,
                                                    io::NoticeDocument::Kind kind) {
  if (!a.can("problems.read")) return Error::make("not_permitted", {{"permission", "problems.read"}});
  const bool report = kind == io::NoticeDocument::Kind::rectification_report;
  io::NoticeDocument doc;
  doc.kind = kind;
  std::vector<std::pair<std::string, std::string>> photo_files;  // sha256, caption
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto p, load_visible(tx, a, id));
    LT_ASSIGN(auto events, store::workflow_events::for_record(tx, std::string(kProblemRecord), id));
    auto last = [&](std::string_view action) -> const store::workflow_events::Event* {
      for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->action == action) return &*it;
      return nullptr;
    };
    const auto* reported = last("report");
    if (p.assigned_at.empty() || (report && !reported))
      return Error::make("problem_document_not_ready", {{"document", report ? "report" : "notice"}});
    const ProblemRules& rules = problem_rules();
    const ProblemSource* src = rules.source(p.source);
    const ProblemType* type = rules.type(p.problem_type);
    doc.issuer = std::string(kIssuer);
    doc.number = p.number;
    std::string leaders = p.leader_party;
    if (!p.leader_government.empty()) leaders += (leaders.empty() ? "" : "、") + p.leader_government;
    doc.fields = {
        {"问题来源", src ? src->label.zh : p.source},
        {"问题类型", type ? type->label.zh : p.problem_type},
        {"问题点位",
         p.site.empty() ? p.address : p.site + (p.address.empty() ? "" : "（" + p.address + "）")},
        {"责任单位", p.unit_name},
        {"责任领导", leaders},
        {"责任人", p.person_name},
        {"整改时限", deadline_text(p)},
    };
    if (!p.cooperating_unit_ids.empty()) {
      std::string names;
      for (int64_t u : p.cooperating_unit_ids) {
        LT_ASSIGN(auto row, tx.query_one("SELECT name FROM units WHERE id = $1", {u}));
        if (row) names += (names.empty() ? "" : "、") + row->str(0);
      }
      doc.fields.emplace_back("配合单位", names);
    }
    const WorkflowState* st = problem_workflow().state(p.status);
    if (report) doc.fields.emplace_back("办理状态", st ? st->label.zh : p.status);
    doc.sections.emplace_back("问题描述", p.description.empty() ? p.title : p.title + "\n" + p.description);
    if (!p.standard.empty()) doc.sections.emplace_back("整改标准", p.standard);
    if (report) {
      doc.sections.emplace_back("整改措施", reported->note);
      const auto* verified = last("pass_verification");
      const auto* failed = last("fail_verification");
      if (verified)
        doc.sections.emplace_back(
            "核查意见", (verified->note.empty() ? "经实地核查，已整改到位，同意销号。" : verified->note) +
                            "\n核查人：" + verified->actor_name + "，" +
                            chinese_date(format_shanghai(*parse_time(verified->at)).substr(0, 10)));
      else if (failed && failed->id > reported->id)
        doc.sections.emplace_back("核查意见", "核查未通过：" + failed->note);
      // The photos filed with the report and with the on-site check.
      LT_ASSIGN(auto files, store::record_files::for_record(tx, std::string(kProblemRecord), id));
      for (const auto& f : files) {
        if (f.kind != kEvidencePhoto || !f.event_id) continue;
        std::string caption = *f.event_id == reported->id               ? "整改后："
                              : verified && *f.event_id == verified->id ? "核查现场："
                                                                        : "";
        if (caption.empty()) continue;
        photo_files.emplace_back(f.sha256, caption + f.filename);
      }
      doc.photos_heading = "现场照片";
      doc.footer = std::string(kIssuer) + "\n" + chinese_date(today());
    } else {
      doc.sections.emplace_back("办理要求",
                                "请责任单位接到本督办单后立即签收，按照整改标准和时限组织整改，整改完成后报送"
                                "整改情况及整改前后照片，"
                                "由区攻坚办组织实地核查销号。逾期未完成的，按照量化问责办法追究责任。");
      doc.footer = std::string(kIssuer) + "\n" +
                   chinese_date(format_shanghai(*parse_time(p.assigned_at)).substr(0, 10));
    }
    return {};
  }));
  for (const auto& [sha, caption] : photo_files) {
    if (doc.photos.size() >= io::kNoticeMaxPhotos) break;
    LT_ASSIGN(auto bytes, evidence_.read(sha));
    doc.photos.push_back({std::move(bytes), caption});
  }
  return doc;
}

}  // namespace lantian::app
