#!/usr/bin/env bash
# `make run`: create the demo database on first use, print the logins, serve.
set -euo pipefail
bin=$1 db=$2 listen=$3
logins="$(dirname "$db")/demo-logins.txt"
if [ ! -f "$db" ]; then
  mkdir -p "$(dirname "$db")"
  "$bin" --db "$db" init --demo --logins-file "$logins" >/dev/null
fi
echo
echo "Lantian demo — open http://$listen"
if [ -f "$logins" ]; then cat "$logins"; else echo "(logins were printed when $db was created)"; fi
echo
exec "$bin" --db "$db" serve --listen "$listen" --web-root web/dist
