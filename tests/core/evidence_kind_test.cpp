// The kinds of evidence a workflow action may require (core/evidence.h) and
// the task workflow's registry taking its kinds from them.
#include <gtest/gtest.h>

#include "core/evidence.h"
#include "core/task_workflow.h"

namespace lantian {
namespace {

TEST(EvidenceKind, ByDetectedType) {
  EXPECT_EQ(evidence_kind_of("image/jpeg"), kEvidencePhoto);
  EXPECT_EQ(evidence_kind_of("image/png"), kEvidencePhoto);
  EXPECT_EQ(evidence_kind_of("image/webp"), kEvidencePhoto);
  EXPECT_EQ(evidence_kind_of("application/pdf"), kEvidenceDocument);
  EXPECT_EQ(evidence_kind_of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            kEvidenceDocument);
  EXPECT_EQ(evidence_kind_of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            kEvidenceDocument);
  EXPECT_FALSE(evidence_kind_of("application/zip"));
  EXPECT_FALSE(evidence_kind_of("text/html"));
  EXPECT_FALSE(evidence_kind_of(""));
}

TEST(EvidenceKind, TheTaskWorkflowAcceptsEveryKindAndNoOther) {
  const auto& kinds = task_workflow_registry().evidence_kinds;
  EXPECT_EQ(kinds.size(), evidence_kind_names().size());
  for (auto k : evidence_kind_names()) EXPECT_TRUE(kinds.count(k)) << k;
  EXPECT_FALSE(kinds.count("video"));
}

}  // namespace
}  // namespace lantian
