// Copies a whole installation from one Database to another (SQLite to
// PostgreSQL and back): `lantian db copy --from URL --to URL [--force]`.
//
// Both databases must already be migrated to the same schema (the caller runs
// migrate() on both; the schema_migrations names must match). The tables and
// their columns are the catalogue's (store/tables.h), parents before children:
// units first (a parent row is written before its children, even when a move
// gave the parent a larger id), users, sessions, audit_log, ... Ids
// and every column value are kept exactly; integer columns are normalised to
// integers and text columns to text, so both dialects hold the same values.
//
// The source is read in one read snapshot, in batches of batch_rows ordered
// by id; the target is written in ONE write transaction, so a failure leaves
// it unchanged. A target that already holds data (units, users, sessions or
// audit entries) is refused unless force, which deletes its rows first in the
// same transaction. On PostgreSQL the id sequences are then moved past the
// largest id so new rows do not collide.
//
// Verification, after the commit: per table, the row count and a SHA-256
// checksum over a type-tagged encoding of every column value, in id order, of
// the rows read from the source snapshot and of the rows read back from the
// target; then the audit hash chain is verified on the target.
//
// Thread-safety: runs on the caller's thread; the databases are thread-safe.
// Do not point from and to at the same database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/audit_repo.h"
#include "store/db.h"

namespace lantian::store {

struct CopyOptions {
  bool force = false;         // replace the data of a target that is not empty
  int64_t batch_rows = 1000;  // rows per read from the source
};

struct TableCopyReport {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_checksum;  // 64 hex characters
  std::string target_checksum;
  bool match() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct CopyReport {
  std::string from_backend, to_backend;  // "sqlite" / "postgres"
  std::vector<TableCopyReport> tables;
  audit::VerifyReport audit;  // the chain on the target after the copy
  bool tables_match() const;
  // Every table matches and the target's audit chain verifies.
  bool ok() const { return tables_match() && audit.ok; }
};

// Copies everything in from into to and verifies the result. A report is
// returned once the copy is committed, also when verification found a
// difference (check report.ok(); verification_error() words it).
// Errors (the target is unchanged): invalid if the schema versions differ;
// conflict if the target has data and !force (or a row violates a
// constraint); otherwise what the databases returned.
Result<CopyReport> copy_database(Database& from, Database& to, const CopyOptions& opts = {});

// An internal error naming every mismatched table and the audit result, or
// OK when report.ok().
Status verification_error(const CopyReport& report);

}  // namespace lantian::store
