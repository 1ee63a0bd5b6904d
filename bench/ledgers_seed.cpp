// lantian_bench_ledgers_seed: a fresh database with the benchmark district of
// lantian_bench_seed (bench/org_seed.h: 1,000 units, 10,000 users), a
// campaign with its work areas, and 1,000,000 rows of the small-coal-boiler
// ledger (resources/ledgers/coal_boilers.toml), for bench/run_ledgers.sh; or,
// with --xlsx, the same district and an .xlsx of new boiler rows in the
// ledger's export layout, for bench/run_import.sh. Not a product feature and
// not a test.
//
//   lantian_bench_ledgers_seed --db PATH --admin-password PW [--units 1000] [--users 10000]
//                              [--rows 1000000] [--chunk 50000] [--state removed]
//                              [--disposition gas] [--xlsx OUT --xlsx-rows 100000]
//
// Rows (bench/boilers_gen.h: row n is a hash of n): about 5 % registered at
// a township or street office itself, the rest at one of its villages or
// communities, so every level-3 unit has about the same number of rows and a
// township about 60,000-80,000; states spread over the ledger_boilers
// workflow (about 10 % registered, 12 % stopped, 18 % removed, 52 % verified,
// 4 % returned, 4 % rebound) with the dates each move requires. Each row's
// values are checked by core/ledger_values.h (a row that does not pass stops
// the seeder), encoded by app/ledger_fields.h and written by
// store::ledger_rows::insert_many, which writes their scope rows and filter values
// (ledger_scopes, ledger_filters) too, in transactions of --chunk rows. It
// bypasses LedgerService: NO audit entries and no workflow events.
//
// It prints what bench/run_ledgers.sh needs as KEY=VALUE lines: a township
// user (the 环保专干 of the township with the most rows) and a campaign
// office account, and how many rows the filtered list (--state and
// f.disposition=--disposition) holds in that township and in the district.
//
// --xlsx OUT writes --xlsx-rows rows (numbered after the seeded ones, so
// their keys are new) in the type's [excel] columns with the zh-CN labels as
// headers, as an export writes them: choices by label, 是/否, dates as
// dates, the unit column as the township's name (the village is in the
// address), the status column as the state's label.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "app/ledger_fields.h"
#include "boilers_gen.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ledger_values.h"
#include "core/ledgers.h"
#include "core/password_policy.h"
#include "core/task.h"
#include "core/work_areas.h"
#include "core/workflows.h"
#include "io/xlsx_writer.h"
#include "org_seed.h"
#include "store/campaigns_repo.h"
#include "store/db.h"
#include "store/ledger_rows_repo.h"
#include "store/migrations.h"
#include "store/users_repo.h"

namespace {

using namespace lantian;
using Steady = std::chrono::steady_clock;

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

struct Args {
  std::string db;
  int units = 1000;
  int users = 10000;
  int64_t rows = 1000000;
  int64_t chunk = 50000;
  std::string admin_password;
  std::string state = "removed";
  std::string disposition = "gas";
  std::string xlsx;
  int64_t xlsx_rows = 100000;
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
    else if (k == "--rows")
      a->rows = std::atoll(v.c_str());
    else if (k == "--chunk")
      a->chunk = std::atoll(v.c_str());
    else if (k == "--admin-password")
      a->admin_password = v;
    else if (k == "--state")
      a->state = v;
    else if (k == "--disposition")
      a->disposition = v;
    else if (k == "--xlsx")
      a->xlsx = v;
    else if (k == "--xlsx-rows")
      a->xlsx_rows = std::atoll(v.c_str());
    else
      return false;
  }
  return !a->db.empty() && !a->admin_password.empty() && a->units >= 3 && a->users >= 0 && a->rows >= 0 &&
         a->chunk > 0 && a->xlsx_rows > 0;
}

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return s.size() >= size_t(width) ? s : std::string(size_t(width) - s.size(), '0') + s;
}

// A unit rows are registered in: the unit, its township (level 2) and how
// the generator names it.
struct Place {
  const bench::SeededUnit* unit;
  size_t township;  // index into the level-2 units
  bench::BoilerPlace at;
};

// A checked value as the export writes its cell.
io::CellValue cell_of(const LedgerField& f, const LedgerValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::monostate{};
  if (auto b = std::get_if<bool>(&v)) return std::string(*b ? "是" : "否");
  if (auto i = std::get_if<int64_t>(&v)) return *i;
  if (auto d = std::get_if<double>(&v)) return *d;
  const std::string& s = std::get<std::string>(v);
  if (f.type == FieldType::choice)
    if (const FieldChoice* c = f.choice(s)) return c->label.zh;
  if (f.type == FieldType::date)
    if (auto day = parse_date(s)) return *day;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) {
    std::fprintf(stderr,
                 "usage: lantian_bench_ledgers_seed --db PATH --admin-password PW [--units N>=3] [--users N] "
                 "[--rows N] [--chunk N] [--state S] [--disposition D] [--xlsx OUT --xlsx-rows N]\n");
    return 2;
  }
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(a.admin_password, "admin")) {
    std::fprintf(stderr, "--admin-password %s\n", m->message.c_str());
    return 2;
  }
  const LedgerType* type = ledger_types().find("coal_boilers");
  if (!type) return std::fprintf(stderr, "the coal_boilers ledger type is not shipped\n"), 1;
  const WorkflowDef* wf = workflows().find(type->workflow);
  if (!wf || !wf->state(a.state))
    return std::fprintf(stderr, "--state: not a %s state\n", type->workflow.c_str()), 2;
  if (!type->field("disposition")->choice(a.disposition))
    return std::fprintf(stderr, "--disposition: not a disposition code\n"), 2;
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (path.rfind("postgres", 0) != 0 && std::filesystem::exists(path)) {
    std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str());
    return 1;
  }
  const std::string now = format_utc(SystemClock().now());

  auto t_all = Steady::now();
  auto db = store::open_database(a.db);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(a.admin_password, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;

  // ---- the district and a campaign with its work areas (as lantian_bench_tasks_seed) ----
  auto t0 = Steady::now();
  bench::OrgSeedResult org;
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(org, bench::seed_org(tx, {a.units, a.users}, *shared_hash, *admin_hash, now));
    Campaign c;
    c.name = "禹王台区秋冬季大气污染综合治理攻坚行动（基准测试）";
    c.start_date = "2017-09-01";
    c.end_date = "2018-03-31";
    c.jurisdiction_unit_id = org.root.id;
    c.office_unit_id = org.root.id;
    c.status = "active";
    LT_ASSIGN(c, store::campaigns::insert(tx, c, now));
    int order = 0;
    for (const auto& d : work_area_catalogue()) {
      WorkArea w;
      w.campaign_id = c.id;
      w.code = std::string(d.code);
      w.name = std::string(d.name_zh);
      w.sort_order = ++order;
      LT_TRY(store::campaigns::insert_area(tx, w, now));
    }
    return {};
  });
  if (!st.ok())
    return std::fprintf(stderr, "seeding the district failed: %s\n", st.error().message.c_str()), 1;
  double t_org = secs_since(t0);

  // Where rows go: each level-3 unit, and each level-2 unit itself.
  const auto& level2 = org.root.children;
  std::vector<Place> villages, townships;
  for (size_t i = 0; i < level2.size(); ++i) {
    const auto& l2 = level2[i];
    bool street = l2.name.ends_with("街道办事处");
    std::string l2code = "410205" + pad(int(i) + 1, 3);
    townships.push_back({&l2, i, {l2.name, "", l2code, false}});
    for (size_t v = 0; v < l2.children.size(); ++v)
      villages.push_back(
          {&l2.children[v], i, {l2.name, l2.children[v].name, l2code + pad(int(v) + 1, 3), street}});
  }
  // Row n's place: 5 % at a township itself (by its share of villages), the rest at a village.
  auto place_of = [&](uint64_t n) -> const Place& {
    uint64_t h = bench::mix(n * 31 + 7);
    const Place& v = villages[h % villages.size()];
    if ((h >> 32) % 100 < 5) return townships[v.township];
    return v;
  };

  // Checks one generated row; the normalised values or a message.
  auto checked = [&](uint64_t n, const bench::BoilerRow& b,
                     std::map<std::string, LedgerValue>& values) -> bool {
    values.clear();
    auto errs = check_ledger_values(*type, b.values, false, values);
    if (errs.empty()) return true;
    std::fprintf(stderr, "row %llu does not pass core/ledger_values.h: %s: %s\n", (unsigned long long)n,
                 errs.front().field.c_str(), errs.front().code.c_str());
    return false;
  };

  // ---- the ledger rows, in transactions of --chunk rows ----
  t0 = Steady::now();
  std::map<std::string, int64_t> by_state;
  std::vector<int64_t> township_rows(level2.size()), township_matches(level2.size());
  int64_t district_matches = 0, located = 0;
  double t_check = 0;
  for (int64_t from = 0; from < a.rows; from += a.chunk) {
    auto tc = Steady::now();
    st = (*db)->write([&](store::Tx& tx) -> Status {
      std::map<std::string, LedgerValue> values;
      const auto count = size_t(std::min(a.rows, from + a.chunk) - from);
      std::vector<LedgerRow> rows(count);
      std::vector<std::vector<LedgerFilterValue>> filters(count);
      std::vector<store::ledger_rows::NewRow> fresh;
      fresh.reserve(count);
      for (int64_t n = from; n < std::min(a.rows, from + a.chunk); ++n) {
        const Place& p = place_of(uint64_t(n));
        bench::BoilerRow b = bench::make_boiler(uint64_t(n), p.at);
        auto tv = Steady::now();
        if (!checked(uint64_t(n), b, values)) return Error::invalid("a generated row does not validate");
        LedgerRow& r = rows[size_t(n - from)];
        r.ledger_type = type->name;
        r.unit_id = p.unit->id;
        r.unit_path = p.unit->path;
        r.status = b.status;
        r.title = std::get<std::string>(values.at(type->title_field));
        r.location = b.location;
        r.fields = app::encode_ledger_fields(values);
        filters[size_t(n - from)] = ledger_filter_values(*type, values);
        fresh.push_back({&r, &filters[size_t(n - from)]});
        t_check += secs_since(tv);
        by_state[b.status]++;
        township_rows[p.township]++;
        if (b.location) located++;
        if (b.status == a.state && std::get<std::string>(values.at("disposition")) == a.disposition) {
          township_matches[p.township]++;
          district_matches++;
        }
      }
      return store::ledger_rows::insert_many(tx, fresh, now);
    });
    if (!st.ok()) return std::fprintf(stderr, "inserting rows failed: %s\n", st.error().message.c_str()), 1;
    std::fprintf(stderr, "  %lld rows (%.1f s for this chunk)\n", (long long)std::min(a.rows, from + a.chunk),
                 secs_since(tc));
  }
  double t_rows = secs_since(t0);
  double t_analyze = 0;
  if ((*db)->backend() == "postgres" && a.rows > 0) {
    // Autovacuum would analyze the new rows shortly; do it now. (SQLite
    // gets no ANALYZE: the server never runs one either.)
    t0 = Steady::now();
    st = (*db)->write([&](store::Tx& tx) -> Status {
      LT_TRY(tx.exec("ANALYZE", {}));
      return {};
    });
    if (!st.ok()) return std::fprintf(stderr, "analyze: %s\n", st.error().message.c_str()), 1;
    t_analyze = secs_since(t0);
  }

  // ---- what run_ledgers.sh needs ----
  size_t heavy = 0;
  for (size_t i = 0; i < level2.size(); ++i)
    if (township_rows[i] > township_rows[heavy]) heavy = i;
  const auto& l2 = level2[heavy];
  int64_t township_user = l2.users.size() > 4 ? l2.users[4] : (l2.users.empty() ? 0 : l2.users[0]);
  std::string township_name, office_name;
  st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto u, store::users::get(tx, township_user));
    if (u) township_name = u->username;
    LT_ASSIGN(auto o, tx.query_one("SELECT username FROM users WHERE roles LIKE '%campaign_office%' AND "
                                   "disabled = 0 ORDER BY id LIMIT 1",
                                   {}));
    if (o) office_name = o->str(0);
    return {};
  });
  if (!st.ok()) return std::fprintf(stderr, "reading users: %s\n", st.error().message.c_str()), 1;

  // ---- the .xlsx for run_import.sh ----
  double t_xlsx = 0;
  size_t xlsx_bytes = 0;
  if (!a.xlsx.empty()) {
    t0 = Steady::now();
    io::XlsxWriter w;
    std::vector<std::string> headers;
    for (const auto& c : type->excel_columns)
      headers.push_back(ledger_column_label(*type, c).zh);  // as the export's headers
    st = w.add_sheet(type->label.zh, headers);
    std::map<std::string, LedgerValue> values;
    for (int64_t i = 0; st.ok() && i < a.xlsx_rows; ++i) {
      uint64_t n = uint64_t(a.rows + i);
      const Place& p = place_of(n);
      bench::BoilerRow b = bench::make_boiler(n, p.at);
      if (!checked(n, b, values)) return 1;
      std::vector<io::CellValue> cells;
      for (const auto& c : type->excel_columns) {
        if (const LedgerField* f = type->field(c)) {
          auto it = values.find(c);
          cells.push_back(it == values.end() ? io::CellValue(std::monostate{}) : cell_of(*f, it->second));
        } else if (c == "unit") {
          cells.push_back(level2[p.township].name);
        } else if (c == "status") {
          cells.push_back(wf->state(b.status)->label.zh);
        } else {
          cells.push_back(std::monostate{});
        }
      }
      st = w.add_row(cells);
    }
    if (!st.ok()) return std::fprintf(stderr, "xlsx: %s\n", st.error().message.c_str()), 1;
    auto bytes = w.finish();
    if (!bytes.ok()) return std::fprintf(stderr, "xlsx: %s\n", bytes.error().message.c_str()), 1;
    FILE* f = std::fopen(a.xlsx.c_str(), "wb");
    if (!f || std::fwrite(bytes->data(), 1, bytes->size(), f) != bytes->size() || std::fclose(f) != 0)
      return std::fprintf(stderr, "cannot write %s\n", a.xlsx.c_str()), 1;
    xlsx_bytes = bytes->size();
    t_xlsx = secs_since(t0);
  }

  std::printf("seeded %s: %lld units (%zu townships/street offices), %lld users, %lld %s rows:", path.c_str(),
              (long long)org.units, level2.size(), (long long)org.users, (long long)a.rows,
              type->name.c_str());
  for (const auto& s : bench::boiler_states()) std::printf(" %s=%lld", s.c_str(), (long long)by_state[s]);
  std::printf("; %lld located\n", (long long)located);
  std::printf(
      "  timing: district %.3f s, rows %.3f s (of which generating+checking+encoding %.3f s), analyze %.3f "
      "s, "
      "xlsx %.3f s, total %.3f s\n",
      t_org, t_rows, t_check, t_analyze, t_xlsx, secs_since(t_all));
  std::printf("TOWNSHIP=%s\nTOWNSHIP_ID=%lld\nTOWNSHIP_ROWS=%lld\nTOWNSHIP_USER=%s\nOFFICE_USER=%s\n",
              l2.name.c_str(), (long long)l2.id, (long long)township_rows[heavy], township_name.c_str(),
              office_name.c_str());
  std::printf("FILTER_STATE=%s\nFILTER_DISPOSITION=%s\nTOWNSHIP_MATCHES=%lld\nDISTRICT_MATCHES=%lld\n",
              a.state.c_str(), a.disposition.c_str(), (long long)township_matches[heavy],
              (long long)district_matches);
  std::printf("ROWS=%lld\nUSER_PASSWORD=Bench#User-2026\n", (long long)a.rows);
  if (!a.xlsx.empty())
    std::printf("XLSX=%s\nXLSX_ROWS=%lld\nXLSX_BYTES=%zu\n", a.xlsx.c_str(), (long long)a.xlsx_rows,
                xlsx_bytes);
  return 0;
}
