// SQLite implementation of Database: WAL journal, synchronous=FULL, foreign
// keys on, 5 s busy timeout. One writer connection behind a mutex (SQLite
// allows one writer at a time anyway; waiting here is cheaper than
// SQLITE_BUSY retries) and a pool of reader connections, one per concurrent
// reader thread, each with a prepared-statement cache.
//
// Thread-safety: as Database.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace lantian::store {

// Opens (creating if needed) the SQLite database at path, for reading and
// writing. Errors (codes in store/db_errors.h): database_read_only when the
// file or its folder is not writable (a server on it could not save
// anything; it refuses to start instead); database_unavailable if the file
// cannot be opened or is not a database.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

// Opens the existing SQLite database at path for reading only: SQLite's
// mode=ro, or immutable=1 when its folder is not writable (read-only media,
// an archived backup) and no -wal file holds commits the file lacks; never
// creates a file. Safe beside a running server when the folder is writable;
// on read-only media the file must not change while it is open (nothing can
// write it there). write() and exec_script() fail with database_read_only.
// Errors: database_unavailable when there is no such file or it is not a
// database.
Result<std::unique_ptr<Database>> open_sqlite_read_only(const std::string& path);

// Copies the SQLite database file `from` over `to` page by page (used by
// `lantian restore`); `to` must not be in use by a running server.
Status sqlite_restore(const std::string& from, const std::string& to);

}  // namespace lantian::store
