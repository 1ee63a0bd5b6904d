#!/usr/bin/env python3
"""Why one large write is slower per row than many small ones on SQLite (issue 11's
ledger seeding and imports). A diagnostic, not a test and not part of `make bench`.

The server's writer (src/store/sqlite_db.cpp) runs every write callback inside
`SAVEPOINT w` on a connection with `PRAGMA temp_store=MEMORY`. A statement that
fires a trigger (every ledger_rows / ledger_scopes insert moves list_generations)
opens a statement journal; when it ends, SQLite (3.40.1, pager.c
sqlite3PagerSavepoint -> memjournal.c memjrnlTruncate) truncates the in-memory
sub-journal back to where the statement began by walking its chunk list from the
start. The sub-journal holds every page the open savepoint has changed, so each
statement costs time in proportion to what the write has done so far.

This builds a throwaway table with a trigger like the ledger's (a few hundred
thousand rows first), then inserts rows inside one transaction, with and without
an open savepoint and with temp_store MEMORY or FILE, and prints the CPU time per
insert for each block of 10,000.

    python3 bench/sqlite_subjournal.py [--rows 60000] [--pre 300000] [--dir /tmp]
"""
import argparse, os, sqlite3, time

ap = argparse.ArgumentParser()
ap.add_argument('--rows', type=int, default=60000)
ap.add_argument('--pre', type=int, default=300000)
ap.add_argument('--dir', default='/tmp')
a = ap.parse_args()


def run(temp_store, savepoint):
    path = os.path.join(a.dir, f'subjournal-{temp_store}-{int(savepoint)}.db')
    for s in ('', '-wal', '-shm'):
        if os.path.exists(path + s):
            os.remove(path + s)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL')
    c.execute(f'PRAGMA temp_store={temp_store}')
    c.execute('PRAGMA cache_size=-4000')  # as the server's connections
    c.execute('CREATE TABLE g (name TEXT PRIMARY KEY, v INTEGER)')
    c.execute("INSERT INTO g VALUES ('x', 0)")
    # Like ledger_scopes: rows spread over 1,000 units, a trigger moving a generation.
    c.execute('CREATE TABLE s (u INTEGER, r INTEGER, PRIMARY KEY (u, r)) WITHOUT ROWID')
    c.execute("CREATE TRIGGER t AFTER INSERT ON s BEGIN UPDATE g SET v = v + 1 WHERE name = 'x'; END")
    c.execute('BEGIN')
    for i in range(a.pre):
        c.execute('INSERT INTO s VALUES (?, ?)', (i % 1000, i))
    c.execute('COMMIT')
    c.execute('BEGIN IMMEDIATE')
    if savepoint:
        c.execute('SAVEPOINT w')
    out, t0 = [], time.process_time()
    for i in range(a.rows):
        c.execute('INSERT INTO s VALUES (?, ?)', (i % 1000, a.pre + i))
        if (i + 1) % 10000 == 0:
            t = time.process_time()
            out.append(f'{(t - t0) * 1e6 / 10000:.1f}')
            t0 = t
    if savepoint:
        c.execute('RELEASE w')
    c.execute('COMMIT')
    c.close()
    for s in ('', '-wal', '-shm'):
        if os.path.exists(path + s):
            os.remove(path + s)
    return out


print(f'SQLite {sqlite3.sqlite_version}; {a.pre} rows first, then {a.rows} inserts in one transaction\n')
print('| temp_store | SAVEPOINT open | CPU µs per insert, per block of 10,000 |')
print('|---|---|---|')
for ts in ('MEMORY', 'FILE'):
    for sp in (False, True):
        print(f"| {ts} | {'yes' if sp else 'no'} | {', '.join(run(ts, sp))} |")
