// Evidence files (证据): photos and documents filed with reports, and later
// with inspections, ledgers and problems. A content is analysed
// (io/evidence_media.h: type by its bytes, thumbnail, EXIF time and place),
// written to the evidence store (store/evidence_store.h) with its thumbnail,
// and only then recorded in the database by the caller's transaction
// (store::evidence::insert), so every recorded content is in the store.
//
// The same service moves the base64 bytes of migration 0004
// (attachment_data) into the store: migrate_legacy(), run at startup after
// the schema migrations.
//
// Permissions are the callers' (the services that own the records the
// evidence belongs to): this service checks none.
//
// Thread-safety: thread-safe (the store and the database are).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/evidence.h"
#include "io/evidence_media.h"
#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::app {

struct LegacyMigrationReport {
  int64_t moved = 0;          // attachment_data rows moved into the store
  int64_t bytes = 0;          // their decoded size
  int64_t hash_repaired = 0;  // rows whose recorded sha256 did not match their bytes
};

// What a sweep found (and, when applied, removed): contents of the store no
// evidence row names (neither as a content nor as a thumbnail) that were
// last written before the grace period.
struct SweepReport {
  int64_t held = 0;                // contents in the store
  int64_t unnamed = 0;             // of those, named by no row (any age)
  int64_t old = 0;                 // unnamed and older than the grace period
  int64_t bytes = 0;               // the old ones' size
  int64_t removed = 0;             // removed (apply only)
  std::vector<std::string> names;  // the old ones, sorted
};

class EvidenceService {
 public:
  EvidenceService(store::Database& db, store::EvidenceStore& store, const Clock& clock,
                  io::MediaLimits limits = {})
      : db_(db), store_(store), clock_(clock), limits_(limits) {}

  // Analyses bytes and writes them and their thumbnail to the store; returns
  // the record for the caller to insert, in the transaction that refers to
  // it. Errors: file_type, image_too_large (invalid); internal when the
  // store cannot be written.
  Result<EvidenceRecord> ingest(const std::string& bytes);
  // A content by name. Errors: evidence_missing (internal) when the store
  // lacks a content the database records.
  Result<std::string> read(const std::string& sha256);

  // Moves every attachment_data row into the store, batch_rows at a time:
  // per batch the contents are written first, then one transaction records
  // them and deletes their rows. Idempotent and resumable: a run stopped
  // half-way leaves the unmoved rows, which the next run moves. A row whose
  // bytes are not a type accepted today is kept as its recorded type, without
  // analysis. Errors: internal on base64 that does not decode (the row is
  // left in place) or a store failure.
  Result<LegacyMigrationReport> migrate_legacy(int64_t batch_rows = 20);

  // Finds the store's contents no row names, written more than `grace` ago
  // (the real time of the files, not the clock: an upload writes its
  // content before the row that names it commits, and put() renews a
  // content's time); with apply removes them, each after checking again in
  // the database that no row names it now. Errors: invalid for the database
  // store (it keeps no times); internal on a store or database failure.
  Result<SweepReport> sweep(std::chrono::seconds grace, bool apply);
  store::EvidenceStore& store() { return store_; }

 private:
  store::Database& db_;
  store::EvidenceStore& store_;
  const Clock& clock_;
  io::MediaLimits limits_;
};

}  // namespace lantian::app
