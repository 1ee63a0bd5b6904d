// The evidence store: file contents (photos, PDFs, documents) named by their
// SHA-256, outside the tables that describe them (store/evidence_repo.h).
//
// Two implementations:
//  - files: <root>/ab/cd/<sha256> (the first two pairs of hex digits make
//    folders of at most 256 entries). Written to a temporary file in the same
//    folder, fsync'd, renamed into place, and the folder fsync'd, so a name
//    holds either nothing or the whole content. Several instances may share
//    one root (a shared volume): writers of the same content write the same
//    bytes, and rename() is atomic.
//  - database: rows of evidence_blobs (BYTEA on PostgreSQL, BLOB on SQLite),
//    for a PostgreSQL deployment without a shared volume.
// Which one an installation uses: open_evidence_store() below.
//
// Contract: put() is idempotent for the same content, and checks that the
// bytes hash to the name (a mismatch is an internal error and stores
// nothing). Callers write the content BEFORE committing the row that refers
// to it; a content whose row never commits is an orphan, harmless (it is
// overwritten by the same bytes if uploaded again). `lantian evidence sweep`
// removes orphans of a file store older than a grace period (list(),
// remove()); put() of a content already there renews its time, so a
// content about to be named again is never old. Nothing else deletes.
//
// Thread-safety: every method is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace lantian::store {

class EvidenceStore {
 public:
  virtual ~EvidenceStore() = default;
  // "files" or "database".
  virtual std::string_view kind() const = 0;
  // The root folder, or "database".
  virtual std::string location() const = 0;
  // Stores bytes under sha256 (64 lower-case hex digits). Errors: invalid
  // for a malformed name; internal when the bytes do not hash to it or the
  // write fails (nothing is left under the name then).
  virtual Status put(std::string_view sha256, const std::string& bytes) = 0;
  // The content, or nullopt when the store does not hold it. Read whole (a
  // file is at most the upload limit). Errors: invalid for a malformed name;
  // internal on a read failure.
  virtual Result<std::optional<std::string>> get(std::string_view sha256) = 0;
  virtual Result<bool> contains(std::string_view sha256) = 0;

  // A content the store holds: its name, size and when it was last put.
  struct Stored {
    std::string sha256;
    int64_t size_bytes = 0;
    std::chrono::system_clock::time_point modified;
  };
  // Every content held, by name (files only: temporary files of writes in
  // progress are not contents). Errors: invalid for the database store (it
  // keeps no times); internal on a read failure.
  virtual Result<std::vector<Stored>> list() = 0;
  // Deletes a content; removing one that is not there is no error. Errors:
  // invalid for a malformed name; internal on failure.
  virtual Status remove(std::string_view sha256) = 0;
};

bool is_sha256_name(std::string_view s);

// The file store at root (created if missing). Errors: internal if the
// folder cannot be created.
Result<std::unique_ptr<EvidenceStore>> open_file_evidence_store(const std::string& root);
// The database store on db (which must outlive it).
std::unique_ptr<EvidenceStore> database_evidence_store(Database& db);

// Where an installation keeps its evidence: `configured` is "database", a
// folder, or "" for the default — "<sqlite file>.evidence" beside a SQLite
// database, the database itself for PostgreSQL.
std::string evidence_location(const std::string& db_url, const std::string& configured);
// Opens the store evidence_location() names; db is the installation's
// database (used by the database store).
Result<std::unique_ptr<EvidenceStore>> open_evidence_store(const std::string& db_url,
                                                           const std::string& configured, Database& db);

}  // namespace lantian::store
