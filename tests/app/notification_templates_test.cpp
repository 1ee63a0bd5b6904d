// Every notification template renders in both languages with the parameters
// it declares, and names no parameter it does not declare.
#include "app/notification_templates.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/workflows.h"

namespace lantian::app {
namespace {

TEST(NotificationTemplates, EveryTemplateUsesOnlyItsParametersInBothLanguages) {
  std::set<std::string_view> names;
  std::regex ph("\\{(\\w+)\\}");
  for (const auto& t : notification_templates()) {
    EXPECT_TRUE(names.insert(t.name).second) << "duplicate template " << t.name;
    std::string declared = "," + std::string(t.params) + ",";
    for (auto text : {t.zh_title, t.zh_body, t.en_title, t.en_body}) {
      std::string s(text);
      for (std::sregex_iterator it(s.begin(), s.end(), ph), end; it != end; ++it)
        EXPECT_NE(declared.find("," + (*it)[1].str() + ","), std::string::npos)
            << t.name << " uses {" << (*it)[1] << "}";
    }
    EXPECT_FALSE(t.zh_title.empty());
    EXPECT_FALSE(t.en_title.empty());
  }
  // The kinds services raise have a template each.
  for (auto kind : {"task_assigned", "task_returned", "task_accepted", "task_reopened", "report_requested",
                    "task_overdue", "deadline_today", "deadline_reminder", "milestone_today",
                    "milestone_reminder", "report_overdue", "overdue_digest"})
    EXPECT_NE(find_notification_template(kind), nullptr) << kind;
}

// A workflow action's notice (its `notice`, e.g. problem.toml's) is a template.
TEST(NotificationTemplates, EveryShippedWorkflowNoticeHasATemplate) {
  int notices = 0;
  for (const auto& def : workflows().all())
    for (const auto& tr : def.transitions)
      if (!tr.notice.empty()) {
        ++notices;
        EXPECT_NE(find_notification_template(tr.notice), nullptr)
            << def.name << "." << tr.name << ": " << tr.notice;
      }
  EXPECT_GE(notices, 11);  // problem.toml's
}

TEST(NotificationTemplates, RendersInChineseAndEnglish) {
  Params p{{"title", "清查散乱污企业"}, {"unit", "南郊乡"}, {"deadline", "2017-12-31"}, {"days", "3"}};
  auto zh = render_notification("deadline_reminder", p, Lang::zh);
  ASSERT_TRUE(zh.ok());
  EXPECT_EQ(zh->title, "任务即将到期：清查散乱污企业");
  EXPECT_EQ(zh->body, "「清查散乱污企业」（责任单位：南郊乡）的完成时限是 2017-12-31，还剩 3 个工作日。");
  auto en = render_notification("deadline_reminder", p, Lang::en);
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->title, "Task due soon: 清查散乱污企业");
  EXPECT_FALSE(render_notification("no_such_template", p, Lang::zh).ok());
  EXPECT_EQ(params_from_json(params_to_json(p)), p);
  EXPECT_TRUE(params_from_json("not json").empty());
}

}  // namespace
}  // namespace lantian::app
