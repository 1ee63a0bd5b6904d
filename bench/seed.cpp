// lantian_bench_seed: fills a fresh SQLite database with a synthetic district
// for benchmarks (bench/run.sh). Not a product feature and not a test.
//
//   lantian_bench_seed --db PATH [--units 1000] [--users 10000] --admin-password PW
//
// Shape (deterministic, no randomness): one district root (区政府); under it
// level-2 units, a third of them street offices (街道办事处) with few
// communities and the rest townships (乡镇) with many villages; level-3
// villages (村) / communities (社区) fill the rest of --units. Users: a few
// district-wide accounts (campaign_office, inspector, viewer) at the root, a
// six-person leadership team per level-2 unit, the remainder spread evenly
// over the villages and communities (first one of each is the unit_leader),
// about 2% disabled. Plus `admin` (role admin, at the root) with the given
// password hashed normally.
//
// The district itself is bench/org_seed.cpp (shared with
// lantian_bench_tasks_seed): it writes through the store repositories in ONE
// write transaction and deliberately bypasses the app services, so it records
// NO audit entries and skips per-user password hashing: every generated user
// shares one precomputed fast argon2id hash (hash_password(pw, true)).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/model.h"
#include "core/password_policy.h"
#include "org_seed.h"
#include "store/db.h"
#include "store/migrations.h"

namespace {

using namespace lantian;
using Steady = std::chrono::steady_clock;

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

struct Args {
  std::string db;
  int units = 1000;
  int users = 10000;
  std::string admin_password;
};

bool parse_args(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (k == "--db")
      a->db = v;
    else if (k == "--units")
      a->units = std::atoi(v.c_str());
    else if (k == "--users")
      a->users = std::atoi(v.c_str());
    else if (k == "--admin-password")
      a->admin_password = v;
    else
      return false;
  }
  return !a->db.empty() && !a->admin_password.empty() && a->units >= 3 && a->users >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) {
    std::fprintf(stderr,
                 "usage: lantian_bench_seed --db PATH [--units N>=3] [--users N] --admin-password PW\n");
    return 2;
  }
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(a.admin_password, "admin")) {
    std::fprintf(stderr, "--admin-password %s\n", m->message.c_str());
    return 2;
  }
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (std::filesystem::exists(path)) {
    std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str());
    return 1;
  }

  auto t_all = Steady::now();
  auto t0 = Steady::now();
  auto db = store::open_database(a.db);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  double t_migrate = secs_since(t0);

  t0 = Steady::now();
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(a.admin_password, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;
  double t_hash = secs_since(t0);

  std::string now = format_utc(SystemClock().now());
  bench::OrgSeedResult org;
  t0 = Steady::now();
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(org, bench::seed_org(tx, {a.units, a.users}, *shared_hash, *admin_hash, now));
    return {};
  });
  double t_insert = secs_since(t0);
  if (!st.ok()) return std::fprintf(stderr, "seeding failed: %s\n", st.error().message.c_str()), 1;

  std::printf(
      "seeded %s: %lld units (1 district, %d level-2, %d level-3), %lld users (%lld disabled, incl. admin)\n",
      path.c_str(), (long long)org.units, org.level2, org.level3, (long long)org.users,
      (long long)org.disabled);
  std::printf("  root unit id %lld; level-2 subtree sizes (users incl. disabled):", (long long)org.root.id);
  for (const auto& [name, n] : org.level2_users) std::printf(" %s=%d", name.c_str(), n);
  std::printf(
      "\n  timing: migrate %.3f s, hash (1 fast + 1 normal) %.3f s, insert transaction %.3f s, total %.3f "
      "s\n",
      t_migrate, t_hash, t_insert, secs_since(t_all));
  return 0;
}
