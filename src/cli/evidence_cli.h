// Wiring of the evidence store (store/evidence_store.h) for the commands:
// which store an installation uses, the move of 0004-era attachment bytes at
// startup, and the files that travel with a backup.
//
// Backups: the database backup holds the evidence table; with a database
// store it holds the contents too (evidence_blobs). With a file store, the
// contents the database records are copied to FILE.evidence/ (same layout,
// <root>/ab/cd/<sha256>); restore copies them from there into the store the
// restored installation is configured with.
//
// Thread-safety: single-threaded command code.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cli/config.h"
#include "core/clock.h"
#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::cli {

// The store of the configured installation (Config::evidence_dir, db_url).
Result<std::unique_ptr<store::EvidenceStore>> open_configured_evidence(const Config& c, store::Database& db);

// Moves attachment_data rows into the store; prints a line when it moved
// any (quiet: never).
Status move_legacy_evidence(store::Database& db, store::EvidenceStore& ev, const Clock& clock, bool quiet);

// After `backup FILE`: the contents of a file store to FILE.evidence/.
Status backup_evidence(store::Database& db, store::EvidenceStore& ev, const std::string& backup_file);
// After `restore FILE`: FILE.evidence/ (if any) into the store, and for a
// file store the restored database's own evidence_blobs (a backup taken
// with the database store); then checks every recorded content is there. Errors: internal naming the count of
// contents missing from the store.
Status restore_evidence(store::Database& db, store::EvidenceStore& ev, const std::string& backup_file);

// `lantian evidence sweep`: lists (and with apply removes) the contents of
// the configured file store no evidence row names, written more than grace
// ago (app::EvidenceService::sweep). Prints one line per content and a
// summary. Errors: the database store refuses (it keeps no times); a store
// or database failure. Run it with the servers quiet: an upload of the very
// content being removed, committing in the instant of its removal, would
// lose its file (put() renews a content's time, so only that instant).
Status sweep_evidence(store::Database& db, store::EvidenceStore& ev, const Clock& clock,
                      std::chrono::seconds grace, bool apply);

}  // namespace lantian::cli
