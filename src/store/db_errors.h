// The errors the database backends (sqlite_db.cpp, postgres_db.cpp) raise
// when the database itself fails: a database_* code from the catalogue
// (core/error_codes.cpp), with the database's own words as the message. That
// message is for the log and the command line only: the API answers with the
// code's catalogue text (api/problem.h), so no database ever speaks to a
// client.
//
//   code                  kind         when
//   database_unavailable  unavailable  cannot open / reach the database, I/O error, corrupt file
//   database_busy         unavailable  locked by another writer past the busy timeout, lock/statement timeout
//   database_full         unavailable  disk (or the database's size limit) full
//   database_read_only    unavailable  the file, its folder or the server is read-only
//   database_conflict     conflict     a unique / foreign-key constraint, a serialization failure
//   database_bad_text     invalid      text the database cannot store (PostgreSQL encodings)
// Anything else (bad SQL: a bug) is ErrorKind::internal without a code.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian::store {

// An error with a database_* code and `message` (the database's words).
inline Error db_error(std::string_view code, std::string message) {
  Error e = Error::make(code);
  e.message = std::move(message);
  return e;
}

// Whether e says the database could not store or serve data at all (the
// 503 codes above): what /healthz reports as failing writes. A conflict, bad
// input or an internal bug is not such a failure.
inline bool is_storage_failure(const Error& e) {
  return e.kind == ErrorKind::unavailable && e.code.rfind("database_", 0) == 0;
}

}  // namespace lantian::store
