// PostgreSQL implementation of Database (libpq).
//
// Connections: a pool of at most 16, opened on demand and reused while idle;
// a connection found broken is dropped and replaced. Each connection caches
// its prepared statements. Parameters travel as text; a string is declared
// text, a double float8, an integer int8 and a null left for the server to
// infer. Where those declarations do not fit a statement (substr(text, $2)
// wants int4; a bare `SELECT $1` with a null has no type), the statement is
// prepared again with other declarations; a statement's declarations are
// worked out once per connection. Result columns map by type: int2/int4/
// int8/oid to int64, float4/float8/numeric to double, bool to 0/1, NULL to
// nullptr, anything else to its text.
//
// Transactions: read() runs in REPEATABLE READ READ ONLY (one snapshot);
// write() in READ COMMITTED. write() calls from one Database are serialised
// (as db.h promises); several processes writing one database serialise on
// row locks (audit_head) and version checks. A write is rolled back when its
// callback fails, when a statement failed inside it (PostgreSQL aborts the
// whole transaction then, even if the callback went on), or when COMMIT
// fails.
//
// Errors (codes in store/db_errors.h; the message, PostgreSQL's own words
// and the SQLSTATE, is for the log only): SQLSTATE class 23 (unique, foreign
// key, check) and 40001/40P01 (serialisation failure, deadlock: retry) ->
// database_conflict; 53100 (disk full) -> database_full; 25006 (read-only
// transaction: a standby) -> database_read_only; 55P03 and 57014 (lock or
// statement timeout) and a pool whose connections all stay busy ->
// database_busy; classes 08, 53, 58, XX, 57P01-57P03 and a lost connection
// -> database_unavailable; 22021/22P05 (text not valid in the database
// encoding) -> database_bad_text; anything else (bad SQL is a bug) ->
// internal.
//
// Thread-safety: as Database. A PGconn is used by one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace lantian::store {

// Opens a pool on url, a libpq URI: postgres://user[:password]@host[:port]/db
// or postgresql://... (query parameters such as sslmode=, host=/socket/dir or
// connect_timeout= are passed to libpq; connect_timeout defaults to 10 s).
// Connects once to check the URL. Does not migrate (see migrations.h).
// Errors: unavailable if the server cannot be reached or refuses the login.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

// Restores a backup written by backup_to() (pg_dump custom format) into the
// database at url: `pg_restore --clean --if-exists --no-owner
// --single-transaction`, so the objects in the backup are replaced and a
// failure changes nothing. Stop the servers using that database first.
// Errors: invalid if backup_file is missing or not a pg_dump archive;
// unavailable with pg_restore's message otherwise.
Status postgres_restore(const std::string& backup_file, const std::string& url);

}  // namespace lantian::store
