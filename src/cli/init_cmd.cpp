#include "cli/init_cmd.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/calendar_service.h"
#include "app/demo_air_quality.h"
#include "app/demo_campaign.h"
#include "app/demo_data.h"
#include "app/demo_enterprises.h"
#include "app/demo_ledgers.h"
#include "app/demo_problems.h"
#include "cli/evidence_cli.h"
#include "core/crypto.h"
#include "core/password_policy.h"
#include "store/users_repo.h"

namespace lantian::cli {

int cmd_init(Context& ctx, Args& args) {
  bool demo = args.has("demo");
  auto pw = args.get("admin-password");
  auto logins_file = args.get("logins-file");
  if (int rc = apply_clock_start(ctx, args)) return rc;
  if (int rc = check_unused(args)) return rc;
  std::string admin_pw = pw ? *pw : random_password();
  if (auto m = check_password_policy(admin_pw, "admin")) return fail("--admin-password " + m->message);
  // A failed init must not leave a half-seeded database behind: remember
  // whether the file is ours to remove.
  std::string url = ctx.config.db_url;
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  bool fresh = path.rfind("postgres", 0) != 0 && !std::filesystem::exists(path);
  auto cleanup = [&] {
    if (!fresh) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  };
  auto db = open_and_migrate(ctx.config.db_url);
  if (!db.ok()) return cleanup(), fail_error(db.error());
  int64_t existing = 0;
  auto st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(existing, store::users::count(tx));
    return {};
  });
  if (!st.ok()) return fail_error(st.error());
  if (existing > 0)
    return fail("the database " + ctx.config.db_url + " is already initialised (it has users)");
  app::CalendarService calendar(**db, ctx.clock);
  if (auto seeded = calendar.seed_if_empty(); !seeded.ok())
    return db->reset(), cleanup(), fail_error(seeded.error());
  app::OrgService org(**db, ctx.clock);
  app::AccountService accounts(**db, ctx.clock, ctx.config.auth);
  std::vector<app::DemoLogin> logins;
  std::string campaign_note;
  if (demo) {
    auto r = app::seed_demo(org, accounts, admin_pw);
    if (!r.ok()) return db->reset(), cleanup(), fail_error(r.error());
    logins = *r;
    // The 2017–18 campaign, played forward to the demo's morning by its own
    // clock (app/demo_campaign.h), whatever --clock-start says.
    auto c = app::seed_demo_campaign(**db, [&calendar] { return calendar.current(); });
    if (!c.ok()) return db->reset(), cleanup(), fail_error(c.error());
    logins.insert(logins.end(), c->logins.begin(), c->logins.end());
    // The ledgers, with photos in the configured evidence store.
    auto ev = open_configured_evidence(ctx.config, **db);
    if (!ev.ok()) return db->reset(), cleanup(), fail_error(ev.error());
    auto l = app::seed_demo_ledgers(**db, **ev, c->campaign_id, [&calendar] { return calendar.current(); });
    if (!l.ok()) return db->reset(), cleanup(), fail_error(l.error());
    char line[512];
    std::snprintf(line, sizeof line,
                  "Demo campaign as of %s: %lld tasks, %lld reports, %lld accepted, %lld overdue, "
                  "%lld open report requests.\nServe it with --clock-start %s to see it as of 2017-12-20.\n",
                  c->as_of.substr(0, 10).c_str(), (long long)c->tasks, (long long)c->reports,
                  (long long)c->accepted, (long long)c->overdue, (long long)c->open_report_requests,
                  c->as_of.c_str());
    campaign_note = line;
    // The supervision problems (app/demo_problems.h).
    auto pr = app::seed_demo_problems(**db, **ev, [&calendar] { return calendar.current(); });
    if (!pr.ok()) return db->reset(), cleanup(), fail_error(pr.error());
    std::snprintf(
        line, sizeof line, "Demo supervision problems: %lld (%lld open, %lld overdue, %lld closed).\n",
        (long long)pr->problems, (long long)pr->open, (long long)pr->overdue, (long long)pr->closed);
    campaign_note += line;
    // The enterprise registry with a suspected relocation (app/demo_enterprises.h).
    auto e = app::seed_demo_enterprises(**db);
    if (!e.ok()) return db->reset(), cleanup(), fail_error(e.error());
    std::snprintf(
        line, sizeof line,
        "Demo registry: %lld enterprises, %lld banned enterprises, %lld suspected relocation(s) open.\n",
        (long long)e->enterprises, (long long)e->banned, (long long)e->open_alerts);
    campaign_note += line;
    // Stations, their hours (real Kaifeng readings) and the target (app/demo_air_quality.h).
    auto aq = app::seed_demo_air_quality(**db, **ev);
    if (!aq.ok()) return db->reset(), cleanup(), fail_error(aq.error());
    std::snprintf(
        line, sizeof line,
        "Demo air quality: %lld stations, %lld station-hours, %lld target(s); %lld lifted alert with "
        "%lld of %lld spot checks done.\n",
        (long long)aq->stations, (long long)aq->hours, (long long)aq->targets, (long long)aq->alerts.alerts,
        (long long)aq->alerts.checked, (long long)aq->alerts.spot_checks);
    campaign_note += line;
  } else {
    auto r = app::seed_minimal(org, accounts, admin_pw);
    if (!r.ok()) return db->reset(), cleanup(), fail_error(r.error());
    logins.push_back(*r);
  }
  std::string text = "Logins for " + ctx.config.db_url + ":\n";
  for (const auto& l : logins) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-10s %-16s %-16s %s\n", l.username.c_str(), l.password.c_str(),
                  l.role.c_str(), l.unit.c_str());
    text += line;
  }
  text += campaign_note;
  std::fputs(text.c_str(), stdout);
  if (logins_file) {
    std::ofstream f(*logins_file, std::ios::trunc);
    f << text;
    f.close();
    std::filesystem::permissions(*logins_file,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  return 0;
}

}  // namespace lantian::cli
