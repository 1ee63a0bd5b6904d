// lantian_bench_profile: times the stages of a request in-process, without
// HTTP or wrk, on a database made by lantian_bench_seed. It explains where a
// request's server CPU goes (bench/run.sh measures the whole thing over HTTP).
// A benchmark helper, not a test.
//
//   lantian_bench_profile --db PATH --admin-password PW --unit ID [--iterations N]
//       [--task-user NAME --task-password PW --task-unit ID]
//       [--ledger-user NAME --ledger-password PW [--ledger-query QUERY]]
//
// With --task-user (a database made by lantian_bench_tasks_seed, which prints
// HEAVY_USER, USER_PASSWORD and UNIT_ID) it also times the task page of
// bench/run_tasks.sh: GET /api/v1/tasks?owner_unit_id=ID&per_page=50 as that user.
//
// With --ledger-user (a database made by lantian_bench_ledgers_seed, which
// prints TOWNSHIP_USER and USER_PASSWORD) it times the ledger page of
// bench/run_ledgers.sh: GET /api/v1/ledgers/coal_boilers/rows?QUERY (default
// per_page=50&f.disposition=gas&status=removed) as that user, cached as wrk
// sees it, and the stages of its JSON (app/ledger_views.cpp).
//
// Single-threaded; reports CPU microseconds per operation (thread CPU time,
// averaged over N iterations after a warm-up). Runs under valgrind --tool=callgrind for
// an instruction-level profile (use a small --iterations there).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "api/api.h"
#include "api/handler_util.h"
#include "app/account_service.h"
#include "app/ledger_fields.h"
#include "app/ledger_views.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "app/views.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ledgers.h"
#include "store/db.h"
#include "store/ledger_rows_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace {

using namespace lantian;

// This thread's CPU time in microseconds: unlike wall time it does not count
// waiting for a core on a busy machine.
double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

double time_us(int n, const std::function<void()>& fn) {
  for (int i = 0; i < std::min(n, 200); ++i) fn();  // warm caches and prepared statements
  double t0 = thread_cpu_us();
  for (int i = 0; i < n; ++i) fn();
  return (thread_cpu_us() - t0) / n;
}

http::Request get(const std::string& target, const std::string& token) {
  http::Request r;
  r.method = "GET";
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.headers.push_back({"host", "127.0.0.1"});
  if (!token.empty()) r.headers.push_back({"authorization", "Bearer " + token});
  r.remote_address = "127.0.0.1";
  r.request_id = "0123456789abcdef";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_url, password, task_user, task_password, ledger_user, ledger_password;
  std::string ledger_query = "per_page=50&f.disposition=gas&status=removed";
  int64_t unit = 0, task_unit = 0;
  int n = 5000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db")
      db_url = v;
    else if (k == "--admin-password")
      password = v;
    else if (k == "--unit")
      unit = std::atoll(v.c_str());
    else if (k == "--iterations")
      n = std::atoi(v.c_str());
    else if (k == "--task-user")
      task_user = v;
    else if (k == "--task-password")
      task_password = v;
    else if (k == "--task-unit")
      task_unit = std::atoll(v.c_str());
    else if (k == "--ledger-user")
      ledger_user = v;
    else if (k == "--ledger-password")
      ledger_password = v;
    else if (k == "--ledger-query")
      ledger_query = v;
  }
  if (db_url.empty() || password.empty() || (unit <= 0 && task_user.empty() && ledger_user.empty()) ||
      n <= 0) {
    std::fprintf(stderr,
                 "usage: lantian_bench_profile --db PATH --admin-password PW --unit ID [--iterations N]\n");
    return 2;
  }
  if (!crypto_init()) return 1;
  auto db = store::open_database(db_url);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  SystemClock clock;
  api::ApiOptions opts;
  opts.version = "bench";
  api::Api api(**db, clock, app::AuthConfig{}, opts, nullptr, nullptr);
  auto login = api.accounts().login("admin", password, "127.0.0.1");
  if (!login.ok()) return std::fprintf(stderr, "login: %s\n", login.error().message.c_str()), 1;
  const std::string token = login->token;
  auto auth = api.accounts().authenticate(token, "127.0.0.1");
  if (!auth.ok()) return 1;
  const app::Actor actor = auth->actor;

  struct Stage {
    const char* name;
    std::function<void()> fn;
  };
  if (unit > 0) {
    const std::string target = "/api/v1/users?unit=" + std::to_string(unit) + "&per_page=50";
    store::users::Filter f;
    f.unit_id = unit;
    store::Page page;
    page.per_page = 50;
    page.sort = "username";
    size_t body_bytes = 0;
    auto probe_req = get(target, token);
    auto probe = api.handle(probe_req);
    if (probe.status != 200) return std::fprintf(stderr, "%s -> %d\n", target.c_str(), probe.status), 1;
    body_bytes = probe.body.size();

    auto first = api.accounts().list(actor, f, page);
    if (!first.ok()) return std::fprintf(stderr, "list: %s\n", first.error().message.c_str()), 1;
    store::PageOf<User> listed = *first;
    const Stage stages[] = {
        {"GET /healthz via Api::handle (no HTTP)",
         [&] {
           auto r = get("/healthz", "");
           (void)api.handle(r);
         }},
        {"Database::ping (read tx: BEGIN, SELECT 1, COMMIT)", [&] { (void)(*db)->ping(); }},
        {"AccountService::authenticate (sha256, session + user lookup)",
         [&] { (void)api.accounts().authenticate(token, "127.0.0.1"); }},
        {"AccountService::list (read tx: COUNT + page query + rows -> User)",
         [&] { listed = api.accounts().list(actor, f, page).value(); }},
        {"page JSON of those 50 users (the route's writer)",
         [&] {
           auto r = api::page_json_response(listed, page, app::write_user_json);
           body_bytes = r.body.size();
         }},
        {"  the same as a DOM (page_response(user_view), as before the writer)",
         [&] {
           auto r =
               api::page_response(listed, page, [](const auto& u, auto sp) { return app::user_view(u, sp); });
           body_bytes = r.body.size();
         }},
        {"GET users page via Api::handle (auth + list + JSON; no HTTP)",
         [&] {
           auto r = get(target, token);
           (void)api.handle(r);
         }},
    };
    std::printf(
        "in-process, 1 thread, CPU time per op, %d iterations each; user page: unit %lld, total %lld, "
        "body %zu bytes\n",
        n, (long long)unit, (long long)listed.total, body_bytes);
    for (const auto& s : stages) std::printf("  %8.1f us  %s\n", time_us(n, s.fn), s.name);
  }
  if (!ledger_user.empty()) {
    // The ledger page of bench/run_ledgers.sh.
    auto llogin = api.accounts().login(ledger_user, ledger_password, "127.0.0.1");
    if (!llogin.ok()) return std::fprintf(stderr, "login: %s\n", llogin.error().message.c_str()), 1;
    const std::string ltoken = llogin->token;
    const std::string ltarget = "/api/v1/ledgers/coal_boilers/rows?" + ledger_query;
    auto lprobe_req = get(ltarget, ltoken);
    auto lprobe = api.handle(lprobe_req);
    if (lprobe.status != 200) return std::fprintf(stderr, "%s -> %d\n", ltarget.c_str(), lprobe.status), 1;
    const LedgerType& lt = *ledger_types().find("coal_boilers");
    // The same page's rows from the store, as the route gets them (the
    // reader's unit as scope; the query's status and disposition).
    auto lauth = api.accounts().authenticate(ltoken, "127.0.0.1");
    if (!lauth.ok()) return 1;
    store::ledger_rows::Filter lf;
    lf.ledger_type = lt.name;
    lf.scope_unit_id = lauth->actor.unit_id;
    if (ledger_query.find("status=removed") != std::string::npos) lf.statuses = {"removed"};
    if (ledger_query.find("f.disposition=gas") != std::string::npos) lf.fields = {{"disposition", "gas"}};
    store::Page lpage;
    lpage.per_page = 50;
    store::PageOf<LedgerRow> lrows;
    auto read_page = [&] {
      (void)(*db)->read([&](store::Tx& tx) -> Status {
        LT_ASSIGN(lrows, store::ledger_rows::list(tx, lf, lpage));
        return {};
      });
    };
    read_page();
    store::PageOf<app::LedgerRowItem> litems;
    for (const auto& r : lrows.items) litems.items.push_back({r, {"report_removed", "edit"}});
    litems.total = lrows.total;
    size_t fields_bytes = 0;
    for (const auto& r : lrows.items) fields_bytes += r.fields.size();
    const Stage lstages[] = {
        {"store::ledger_rows::list (read tx; total and page from the list cache)", read_page},
        {"50 x decode_ledger_fields (the stored fields JSON -> values)",
         [&] {
           for (const auto& r : lrows.items) (void)app::decode_ledger_fields(lt, r.fields);
         }},
        {"50 x json::parse(encode_ledger_fields(values)) (ledger_row_audit_view's round trip)",
         [&] {
           for (const auto& r : lrows.items) {
             auto v = app::decode_ledger_fields(lt, r.fields);
             (void)boost::json::parse(app::encode_ledger_fields(*v));
           }
         }},
        {"page JSON (page_json_response(write_ledger_row_json), the route's)",
         [&] {
           auto r = api::page_json_response(litems, lpage,
                                            [&lt](app::JsonWriter& w, const app::LedgerRowItem& it) {
                                              app::write_ledger_row_json(w, lt, it.row, it.actions);
                                            });
           (void)r;
         }},
        {"GET ledger page via Api::handle (auth + list + actions + JSON; no HTTP)",
         [&] {
           auto r = get(ltarget, ltoken);
           (void)api.handle(r);
         }},
    };
    std::printf("ledger page: %s as %s, total %lld, %zu rows, body %zu bytes (fields JSON %zu bytes)\n",
                ltarget.c_str(), ledger_user.c_str(), (long long)lrows.total, lrows.items.size(),
                lprobe.body.size(), fields_bytes);
    for (const auto& s : lstages) std::printf("  %8.1f us  %s\n", time_us(n, s.fn), s.name);
  }
  if (task_user.empty()) return 0;

  // The task page of bench/run_tasks.sh.
  auto tlogin = api.accounts().login(task_user, task_password, "127.0.0.1");
  if (!tlogin.ok()) return std::fprintf(stderr, "login: %s\n", tlogin.error().message.c_str()), 1;
  const std::string ttoken = tlogin->token;
  auto tauth = api.accounts().authenticate(ttoken, "127.0.0.1");
  if (!tauth.ok()) return 1;
  const app::Actor tactor = tauth->actor;
  // --task-unit 0: the task page of the whole scope (GET /api/v1/tasks?per_page=50).
  const std::string ttarget =
      task_unit ? "/api/v1/tasks?owner_unit_id=" + std::to_string(task_unit) + "&per_page=50"
                : std::string("/api/v1/tasks?per_page=50");
  store::tasks::Filter tf;
  if (task_unit) tf.owner_unit_id = task_unit;
  store::Page tpage;
  tpage.per_page = 50;
  tpage.sort = "deadline";
  auto tprobe_req = get(ttarget, ttoken);
  auto tprobe = api.handle(tprobe_req);
  if (tprobe.status != 200) return std::fprintf(stderr, "%s -> %d\n", ttarget.c_str(), tprobe.status), 1;
  auto tfirst = api.tasks().list(tactor, tf, tpage);
  if (!tfirst.ok()) return std::fprintf(stderr, "list: %s\n", tfirst.error().message.c_str()), 1;
  store::PageOf<app::TaskDetail> tlisted = *tfirst;
  size_t tbody_bytes = tprobe.body.size();
  const Stage tstages[] = {
      {"TaskService::list (read tx: COUNT + page query + rows -> Task, facts, actions)",
       [&] { tlisted = api.tasks().list(tactor, tf, tpage).value(); }},
      {"page JSON of those tasks (the route's writer)",
       [&] {
         auto r = api::page_json_response(tlisted, tpage, app::write_task_detail_json);
         tbody_bytes = r.body.size();
       }},
      {"  the same as a DOM (page_response(task_detail_view), as before the writer)",
       [&] {
         auto r = api::page_response(tlisted, tpage,
                                     [](const auto& x, auto sp) { return app::task_detail_view(x, sp); });
         tbody_bytes = r.body.size();
       }},
      {"GET task page via Api::handle (auth + list + JSON; no HTTP)",
       [&] {
         auto r = get(ttarget, ttoken);
         (void)api.handle(r);
       }},
  };
  std::printf("task page: %s as %s, total %lld, body %zu bytes\n", ttarget.c_str(), task_user.c_str(),
              (long long)tlisted.total, tbody_bytes);
  for (const auto& s : tstages) std::printf("  %8.1f us  %s\n", time_us(n, s.fn), s.name);
  return 0;
}
