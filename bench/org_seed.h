// The synthetic district shared by the benchmark seeders (lantian_bench_seed,
// lantian_bench_tasks_seed): 1 root, level-2 street offices and townships,
// level-3 communities and villages, and users spread over them. Not a
// product feature and not a test.
//
// Shape (deterministic, no randomness): one district root (区政府); under it
// level-2 units, a third of them street offices (街道办事处) with few
// communities and the rest townships (乡镇) with many villages; level-3
// villages (村) / communities (社区) fill the rest of `units`. Users: a few
// district-wide accounts (campaign_office, inspector, viewer) at the root, a
// six-person leadership team per level-2 unit, the remainder spread evenly
// over the villages and communities (first one of each is the unit_leader),
// about 2% disabled. Plus `admin` (role admin, at the root).
//
// It writes through the store repositories (store::units::insert,
// store::users::insert) inside the caller's write transaction and bypasses
// the app services: NO audit entries, and every generated user shares one
// precomputed password hash.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace lantian::bench {

struct OrgSeedOptions {
  int units = 1000;   // >= 3
  int users = 10000;  // >= 0
};

// A unit as seeded, with its enabled users in creation order (for a village
// or community the first is its unit_leader; for a level-2 unit the team:
// 党委书记, 乡镇长, 分管副职, 环保所所长, 环保专干, 环保专干).
struct SeededUnit {
  int64_t id = 0;
  std::string name;
  std::string path;
  std::vector<int64_t> users;
  std::vector<std::string> user_names;  // parallel to users
  std::vector<SeededUnit> children;
};

struct OrgSeedResult {
  SeededUnit root;  // children = the level-2 units, theirs = level 3
  int level2 = 0, level3 = 0;
  int64_t units = 0, users = 0, disabled = 0;             // users includes admin
  std::vector<std::pair<std::string, int>> level2_users;  // name, users in subtree (incl. disabled)
};

// Fills an empty, migrated database inside `tx`. user_hash is stored for
// every generated user, admin_hash for `admin`; `now` for the timestamps.
Result<OrgSeedResult> seed_org(store::Tx& tx, const OrgSeedOptions& o, const std::string& user_hash,
                               const std::string& admin_hash, const std::string& now);

}  // namespace lantian::bench
