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

// Opens (creating if needed) the SQLite database at path.
// Errors: unavailable if the file cannot be opened or is not a database.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

// Copies the SQLite database file `from` over `to` page by page (used by
// `lantian restore`); `to` must not be in use by a running server.
Status sqlite_restore(const std::string& from, const std::string& to);

}  // namespace lantian::store
