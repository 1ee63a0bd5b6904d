#!/usr/bin/env bash
# `make run`: create the demo database on first use, print the logins, serve.
#
# The demo holds the 2017–18 autumn-winter campaign of 禹王台区 played forward
# to the morning of 2017-12-20 (src/app/demo_campaign.h), so the server runs
# with its clock shifted to that morning: "today", overdue tasks and
# remaining working days then read as they did on that day. The shift is
# remembered next to the database (demo-clock-start) and used on every later
# `make run` of the same database; delete the file to serve on the real clock.
set -euo pipefail
bin=$1 db=$2 listen=$3
dir="$(dirname "$db")"
logins="$dir/demo-logins.txt"
clock_file="$dir/demo-clock-start"
as_of="2017-12-20T09:00:00+08:00"
if [ ! -f "$db" ]; then
  mkdir -p "$dir"
  # Units and users are created "as of" a day before the campaign's set-up,
  # so the audit log reads in order.
  "$bin" --db "$db" init --demo --clock-start 2017-09-29T09:00:00+08:00 --logins-file "$logins" >/dev/null
  echo "$as_of" >"$clock_file"
fi
clock=()
if [ -f "$clock_file" ]; then clock=(--clock-start "$(cat "$clock_file")"); fi
echo
echo "Lantian demo — open http://$listen"
if [ ${#clock[@]} -gt 0 ]; then
  echo "The demo runs as of ${clock[1]:0:10} (clock shifted with --clock-start ${clock[1]}; delete $clock_file for the real clock)."
fi
if [ -f "$logins" ]; then cat "$logins"; else echo "(logins were printed when $db was created)"; fi
echo
exec "$bin" --db "$db" serve --listen "$listen" --web-root web/dist "${clock[@]}"
