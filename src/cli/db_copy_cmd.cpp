#include "cli/db_copy_cmd.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/args.h"
#include "store/db_copy.h"
#include "store/evidence_store.h"
#include "store/migrations.h"

namespace lantian::cli {
namespace {

constexpr const char* kDbUsage =
    "usage: lantian db copy --from URL --to URL [--force] [--from-evidence DIR] [--to-evidence DIR]";

int fail(const std::string& msg) {
  std::fprintf(stderr, "lantian: %s\n", msg.c_str());
  return 1;
}

bool is_postgres(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::string sqlite_path(const std::string& url) { return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url; }

// The URL with any password hidden, for printing.
std::string redact(const std::string& url) {
  if (!is_postgres(url)) return url;
  size_t start = url.find("://") + 3;
  size_t at = url.find('@', start);
  size_t colon = url.find(':', start);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

// Empty if url names a database `db copy` can open, else why not.
std::string check_url(const std::string& url, const char* flag) {
  if (url.empty()) return std::string("--") + flag + " needs a database URL";
  if (url.find("://") != std::string::npos && !is_postgres(url))
    return std::string("--") + flag + ": unsupported database URL '" + url +
           "' (use sqlite:PATH, a file path or postgres://USER@HOST:PORT/DBNAME)";
  if (!is_postgres(url) && sqlite_path(url).empty()) return std::string("--") + flag + ": empty SQLite path";
  return {};
}

Result<std::unique_ptr<store::Database>> open_migrated(const std::string& url, const char* role) {
  auto db = store::open_database(url);
  if (!db.ok()) {
    Error e = db.take_error();
    e.message = std::string(role) + " " + redact(url) + ": " + e.message;
    return e;
  }
  auto applied = store::migrate(**db);
  if (!applied.ok()) {
    Error e = applied.take_error();
    e.message = std::string(role) + " " + redact(url) + ": " + e.message;
    return e;
  }
  for (const auto& m : *applied) std::printf("%s: applied %s\n", role, m.c_str());
  return db;
}

int fail_error(const Error& e) {
  std::string m = e.message;
  for (const auto& f : e.fields) m += "\n  " + f.field + ": " + f.message;
  return fail(m);
}

// Each side's evidence store: `given` (a folder or "database"), else the
// default for its database (store::evidence_location).
Result<std::unique_ptr<store::EvidenceStore>> open_evidence(const std::string& url, const std::string& given,
                                                            store::Database& db, const char* role) {
  auto ev = store::open_evidence_store(url, given, db);
  if (!ev.ok()) {
    Error e = ev.take_error();
    e.message = std::string(role) + " evidence: " + e.message;
    return e;
  }
  return ev;
}

int copy(const std::string& from, const std::string& to, bool force, const std::string& from_ev,
         const std::string& to_ev) {
  if (auto m = check_url(from, "from"); !m.empty()) return fail(m);
  if (auto m = check_url(to, "to"); !m.empty()) return fail(m);
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!is_postgres(from) && !fs::is_regular_file(sqlite_path(from), ec))
    return fail("--from: no such SQLite database file: " + sqlite_path(from));
  bool same = is_postgres(from) && is_postgres(to) ? from == to
                                                   : !is_postgres(from) && !is_postgres(to) &&
                                                         fs::weakly_canonical(sqlite_path(from), ec) ==
                                                             fs::weakly_canonical(sqlite_path(to), ec);
  if (same) return fail("--from and --to name the same database");

  // A SQLite target created here is removed again if nothing gets copied.
  std::string to_path = is_postgres(to) ? "" : sqlite_path(to);
  bool created = !to_path.empty() && !fs::exists(to_path, ec);
  auto cleanup = [&](std::unique_ptr<store::Database>& db) {
    db.reset();
    if (!created) return;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to_path + suffix, ec);
  };

  auto src = open_migrated(from, "source");
  if (!src.ok()) return fail_error(src.error());
  auto dst = open_migrated(to, "target");
  if (!dst.ok()) {
    std::unique_ptr<store::Database> none;
    cleanup(none);
    return fail_error(dst.error());
  }
  auto src_ev = open_evidence(from, from_ev, **src, "source");
  if (!src_ev.ok()) return cleanup(*dst), fail_error(src_ev.error());
  auto dst_ev = open_evidence(to, to_ev, **dst, "target");
  if (!dst_ev.ok()) return cleanup(*dst), fail_error(dst_ev.error());
  store::CopyOptions opts;
  opts.force = force;
  opts.from_evidence = src_ev->get();
  opts.to_evidence = dst_ev->get();
  auto rep = store::copy_database(**src, **dst, opts);
  if (!rep.ok()) {
    cleanup(*dst);
    const Error& e = rep.error();
    if (e.code == "target_not_empty")
      return fail(e.message + "; nothing was copied. Use --force to replace the target's data.");
    return fail("copy failed, the target is unchanged: " + e.message);
  }

  std::printf("copied %s (%s) -> %s (%s)\n", redact(from).c_str(), rep->from_backend.c_str(),
              redact(to).c_str(), rep->to_backend.c_str());
  std::printf("%-12s %10s %10s  %-16s  %s\n", "table", "source", "target", "checksum", "match");
  for (const auto& t : rep->tables) {
    std::string match = t.match() ? "yes" : "NO (target checksum " + t.target_checksum.substr(0, 16) + ")";
    std::printf("%-12s %10lld %10lld  %-16s  %s\n", t.table.c_str(), (long long)t.source_rows,
                (long long)t.target_rows, t.source_checksum.substr(0, 16).c_str(), match.c_str());
  }
  if (rep->evidence)
    std::printf(
        "evidence %s -> %s: %lld files recorded, %lld copied (%lld bytes), %lld already there, %lld "
        "missing\n",
        (*src_ev)->location().c_str(), (*dst_ev)->location().c_str(), (long long)rep->evidence->names,
        (long long)rep->evidence->copied, (long long)rep->evidence->bytes, (long long)rep->evidence->present,
        (long long)rep->evidence->missing_count);
  if (rep->audit.ok) std::printf("audit chain OK (%lld entries)\n", (long long)rep->audit.checked);
  std::fflush(stdout);
  if (auto st = store::verification_error(*rep); !st.ok()) {
    if (!rep->audit.ok)
      std::fprintf(stderr, "lantian: audit chain TAMPERED on the target: first bad entry is #%lld (%s)\n",
                   (long long)rep->audit.first_bad_id, rep->audit.reason.c_str());
    std::fprintf(stderr, "lantian: THE COPY WAS COMMITTED BUT DOES NOT VERIFY\n%s\n",
                 st.error().message.c_str());
    return 2;
  }
  return 0;
}

}  // namespace

int run_db_command(int argc, char** argv) {
  Args args(argc, argv, {"force", "demo", "version", "help"});
  // Global options, already applied by run(); the databases come from --from/--to.
  (void)args.get("config");
  if (args.get("db")) return fail("db copy names its databases with --from and --to, not --db");
  if (args.get("evidence-dir"))
    return fail(
        "db copy names its evidence stores with --from-evidence and --to-evidence, not --evidence-dir");
  auto from_ev = args.get("from-evidence").value_or("");
  auto to_ev = args.get("to-evidence").value_or("");
  if (args.positional.size() != 2 || args.positional[1] != "copy") return fail(kDbUsage);
  auto from = args.get("from");
  auto to = args.get("to");
  bool force = args.has("force");
  if (!args.missing_value.empty()) return fail("--" + args.missing_value + " needs a value");
  if (auto u = args.unused(); !u.empty())
    return fail("unknown option " + u.front() + " (see lantian --help)");
  if (!from || !to) return fail(kDbUsage);
  return copy(*from, *to, force, from_ev, to_ev);
}

}  // namespace lantian::cli
