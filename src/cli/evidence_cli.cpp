#include "cli/evidence_cli.h"

#include <cstdio>
#include <filesystem>

#include "app/evidence_service.h"
#include "store/evidence_copy.h"

namespace lantian::cli {

Result<std::unique_ptr<store::EvidenceStore>> open_configured_evidence(const Config& c, store::Database& db) {
  return store::open_evidence_store(c.db_url, c.evidence_dir, db);
}

Status move_legacy_evidence(store::Database& db, store::EvidenceStore& ev, const Clock& clock, bool quiet) {
  app::EvidenceService svc(db, ev, clock);
  LT_ASSIGN(auto rep, svc.migrate_legacy());
  if (rep.moved > 0 && !quiet)
    std::printf("moved %lld attachment(s), %lld bytes, from the database into the evidence store (%s)\n",
                (long long)rep.moved, (long long)rep.bytes, ev.location().c_str());
  return {};
}

Status backup_evidence(store::Database& db, store::EvidenceStore& ev, const std::string& backup_file) {
  if (ev.kind() != "files") return {};  // the contents are in the database backup
  LT_ASSIGN(auto dst, store::open_file_evidence_store(backup_file + ".evidence"));
  LT_ASSIGN(auto rep, store::copy_evidence(db, ev, *dst));
  std::printf("evidence: %lld file(s) in %s.evidence (%lld copied, %lld bytes)\n", (long long)rep.names,
              backup_file.c_str(), (long long)rep.copied, (long long)rep.bytes);
  if (!rep.ok())
    return Error::internal(std::to_string(rep.missing_count) +
                           " recorded evidence file(s) are missing from " + ev.location() + ", e.g. " +
                           rep.missing.front());
  return {};
}

Status restore_evidence(store::Database& db, store::EvidenceStore& ev, const std::string& backup_file) {
  const std::string dir = backup_file + ".evidence";
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    LT_ASSIGN(auto src, store::open_file_evidence_store(dir));
    LT_ASSIGN(auto rep, store::copy_evidence(db, *src, ev));
    std::printf("evidence: %lld file(s) restored from %s into %s\n", (long long)rep.copied, dir.c_str(),
                ev.location().c_str());
  }
  // A backup of an installation that kept its files in the database,
  // restored into one that keeps them in a folder: they come out of the
  // restored evidence_blobs.
  if (ev.kind() == "files") {
    auto inside = store::database_evidence_store(db);
    LT_ASSIGN(auto rep, store::copy_evidence(db, *inside, ev));
    if (rep.copied > 0)
      std::printf("evidence: %lld file(s) moved from the restored database into %s\n", (long long)rep.copied,
                  ev.location().c_str());
  }
  // Everything the restored database records must now be in the store.
  LT_ASSIGN(auto check, store::copy_evidence(db, ev, ev));
  if (!check.ok())
    return Error::internal(std::to_string(check.missing_count) +
                           " evidence file(s) the backup records are in " + "neither " + dir + " nor " +
                           ev.location() + ", e.g. " + check.missing.front());
  return {};
}

Status sweep_evidence(store::Database& db, store::EvidenceStore& ev, const Clock& clock,
                      std::chrono::seconds grace, bool apply) {
  app::EvidenceService svc(db, ev, clock);
  LT_ASSIGN(auto rep, svc.sweep(grace, apply));
  for (const auto& name : rep.names) std::printf("%s %s\n", apply ? "removed" : "unnamed", name.c_str());
  std::printf(
      "evidence sweep (%s): %lld content(s) held, %lld named by no record, %lld of them older than %lld "
      "hour(s) (%lld bytes)%s\n",
      ev.location().c_str(), (long long)rep.held, (long long)rep.unnamed, (long long)rep.old,
      (long long)(grace.count() / 3600), (long long)rep.bytes,
      apply ? (", " + std::to_string(rep.removed) + " removed").c_str() : "; dry run, --apply removes them");
  return {};
}

}  // namespace lantian::cli
