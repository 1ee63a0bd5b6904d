#!/usr/bin/env python3
"""Query shapes for ledger lists over 1,000,000 rows (issue 11), before the
ledger tables' migration is written (migrations are immutable). A design
experiment, not a test and not part of `make bench`: it builds a throwaway
SQLite file with one ledger type of N rows in 10 townships x 100 villages,
its filter values three ways, and times the list queries a campaign office
runs (a page of 50, newest first). Prints a Markdown table.

    python3 bench/ledger_list_plans.py [--rows 1000000] [--db /tmp/ledger-plans.db]

Shapes:
  json     filters read from the row's JSON (json_extract), scope by unit_path range
  side     a side table ledger_filters(type, field, value, row_id), probed or driving
  scopes   a scope table ledger_scopes(type, unit_id, row_id) (every ancestor unit of
           the row's unit, as task_scopes), scanned in row order, filters probed
"""
import argparse, json, os, random, sqlite3, time

ap = argparse.ArgumentParser()
ap.add_argument('--rows', type=int, default=1000000)
ap.add_argument('--db', default='/tmp/ledger-plans.db')
a = ap.parse_args()
if os.path.exists(a.db):
    os.remove(a.db)
c = sqlite3.connect(a.db)
c.executescript('''
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
CREATE TABLE ledger_rows(id INTEGER PRIMARY KEY, ledger_type TEXT NOT NULL, unit_path TEXT NOT NULL,
  status TEXT NOT NULL, title TEXT NOT NULL, fields TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX lr_type_unit ON ledger_rows(ledger_type, unit_path, id);
CREATE INDEX lr_type_status ON ledger_rows(ledger_type, status, id);
CREATE TABLE ledger_filters(ledger_type TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
  row_id INTEGER NOT NULL, PRIMARY KEY(ledger_type, field, value, row_id)) WITHOUT ROWID;
CREATE TABLE ledger_scopes(ledger_type TEXT NOT NULL, unit_id INTEGER NOT NULL, row_id INTEGER NOT NULL,
  PRIMARY KEY(ledger_type, unit_id, row_id)) WITHOUT ROWID;
''')
random.seed(1)
statuses = ['registered', 'stopped', 'removed', 'verified', 'returned', 'rebound']
rows, filters, scopes = [], [], []
for i in range(1, a.rows + 1):
    t, v = random.randrange(10), random.randrange(100)
    township, village = 10 + t, 1000 + t * 100 + v
    disposition = random.choice(['ban', 'relocate', 'upgrade'])
    cut_power = random.random() < 0.3
    deadline = f'2017-{random.randint(10, 12)}-{random.randint(10, 28)}'
    f = {'enterprise_name': f'企业{i}', 'disposition': disposition, 'cut_power': cut_power, 'deadline': deadline}
    rows.append((i, 'scattered', f'/1/{township}/{village}/', random.choice(statuses), f'企业{i}',
                 json.dumps(f, ensure_ascii=False), '2017-12-01'))
    filters += [('scattered', 'disposition', disposition, i), ('scattered', 'cut_power', '1' if cut_power else '0', i),
                ('scattered', 'deadline', deadline, i)]
    scopes += [('scattered', 1, i), ('scattered', township, i), ('scattered', village, i)]
t0 = time.time()
c.executemany('INSERT INTO ledger_rows VALUES (?,?,?,?,?,?,?)', rows)
c.executemany('INSERT INTO ledger_filters VALUES (?,?,?,?)', filters)
c.executemany('INSERT INTO ledger_scopes VALUES (?,?,?)', scopes)
c.commit()
print(f'{a.rows} rows loaded in {time.time() - t0:.0f} s, {os.path.getsize(a.db) / 1e6:.0f} MB '
      f'(SQLite {sqlite3.sqlite_version})\n')


def timed(sql, args, n=30):
    c.execute(sql, args).fetchall()
    t = time.perf_counter()
    for _ in range(n):
        r = c.execute(sql, args).fetchall()
    return (time.perf_counter() - t) / n * 1000, len(r)


probe = ("EXISTS (SELECT 1 FROM ledger_filters f WHERE f.ledger_type = s.ledger_type AND f.field = '{}' "
         "AND f.value = ? AND f.row_id = s.row_id)")
cases = [
    ('a township, disposition = ban', 'json',
     "SELECT r.id FROM ledger_rows r WHERE r.ledger_type = ? AND r.unit_path >= ? AND r.unit_path < ? "
     "AND json_extract(r.fields, '$.disposition') = ? ORDER BY r.id DESC LIMIT 50",
     ('scattered', '/1/13/', '/1/130', 'ban')),
    ('a township, disposition = ban', 'side (IN)',
     "SELECT r.id FROM ledger_rows r WHERE r.ledger_type = ? AND r.unit_path >= ? AND r.unit_path < ? AND r.id IN "
     "(SELECT row_id FROM ledger_filters WHERE ledger_type = ? AND field = 'disposition' AND value = ?) "
     "ORDER BY r.id DESC LIMIT 50", ('scattered', '/1/13/', '/1/130', 'scattered', 'ban')),
    ('a township, disposition = ban', 'scopes + probe',
     "SELECT s.row_id FROM ledger_scopes s WHERE s.ledger_type = ? AND s.unit_id = ? AND " + probe.format('disposition') +
     " ORDER BY s.row_id DESC LIMIT 50", ('scattered', 13, 'ban')),
    ('a township, status, disposition, power cut', 'scopes + probes',
     "SELECT s.row_id FROM ledger_scopes s JOIN ledger_rows r ON r.id = s.row_id WHERE s.ledger_type = ? AND "
     "s.unit_id = ? AND r.status = ? AND " + probe.format('disposition') + " AND " + probe.format('cut_power') +
     " ORDER BY s.row_id DESC LIMIT 50", ('scattered', 13, 'verified', 'ban', '1')),
    ('the district, one deadline (rare)', 'scopes + probe',
     "SELECT s.row_id FROM ledger_scopes s WHERE s.ledger_type = ? AND s.unit_id = ? AND " + probe.format('deadline') +
     " ORDER BY s.row_id DESC LIMIT 50", ('scattered', 1, '2017-11-15')),
    ('the district, one deadline (rare)', 'side driving',
     "SELECT f.row_id FROM ledger_filters f WHERE f.ledger_type = ? AND f.field = 'deadline' AND f.value = ? AND "
     "EXISTS (SELECT 1 FROM ledger_scopes s WHERE s.ledger_type = f.ledger_type AND s.unit_id = ? AND "
     "s.row_id = f.row_id) ORDER BY f.row_id DESC LIMIT 50", ('scattered', '2017-11-15', 1)),
    ('count: a township', 'scopes',
     "SELECT COUNT(*) FROM ledger_scopes WHERE ledger_type = ? AND unit_id = ?", ('scattered', 13)),
    ('count: a township, disposition = ban', 'json',
     "SELECT COUNT(*) FROM ledger_rows r WHERE r.ledger_type = ? AND r.unit_path >= ? AND r.unit_path < ? "
     "AND json_extract(r.fields, '$.disposition') = ?", ('scattered', '/1/13/', '/1/130', 'ban')),
]
print('| list | shape | ms per query | rows |')
print('|---|---|---|---|')
for name, shape, sql, args in cases:
    ms, n = timed(sql, args, 5 if name.startswith('count') or shape in ('json', 'side (IN)') else 30)
    print(f'| {name} | {shape} | {ms:.2f} | {n} |')
