// SQLite implementation of Database: WAL journal, synchronous=FULL (a commit
// is on disk before write() returns), foreign keys on, 5 s busy timeout. One
// writer connection and a pool of reader connections, one per concurrent
// reader thread, each with a prepared-statement cache.
//
// Writes use group commit (store/write_queue.h): callers queue; the first to
// find the writer free runs what has queued (at most 64 callbacks, taking no
// more after 20 ms) in one BEGIN IMMEDIATE ... COMMIT. The first callback of
// the transaction runs in it as it is (an error rolls the transaction back,
// and the next callback begins a new one), each later one inside SAVEPOINT
// w: RELEASE when it returns OK, ROLLBACK TO + RELEASE when it returns an
// error. So each is all-or-nothing on its own and its neighbours do not see
// a failed one. One COMMIT, one fsync, then each caller gets its own result.
//  - A failed COMMIT fails every callback of the batch (none is applied;
//    none is run again, since a callback may not be safe to repeat).
//  - A statement error after which SQLite may have rolled back the whole
//    transaction (full disk, I/O error, busy/locked, out of memory, corrupt,
//    read-only) ends the batch even if the callback went on: the callbacks run
//    so far all fail (unavailable), callbacks still queued go to a new batch.
//  - Uncontended, a batch is one callback: a plain transaction. A long write
//    costs time in proportion to its size either way: the writer connection
//    keeps temporary files on disk (temp_store=FILE; $SQLITE_TMPDIR, else
//    /var/tmp or /tmp), where a savepoint's sub-journal spills past 64 KiB
//    (in memory, SQLite truncates it by walking it from the start after every
//    statement that needed a statement journal: quadratic in the write).
//    Readers keep theirs in memory.
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
