#!/usr/bin/env python3
"""Writes resources/demo/aq_kaifeng.csv, the demo's hourly air-quality data.

The demo plays the 2017-18 campaign as of 2017-12-20, but the repository's
real hourly data (tests/fixtures/aq, CNEMC's public release) is of
2018-01-01 and 2023-01-21..23. The demo replays those real Kaifeng readings,
re-dated into the demo's December by whole days (hours of the day kept):
  - quotsoft 2018-01-01 (00:00 .. 23:00)           -> 2017-12-16
  - CNEMC 2023-01-21T23:00 .. 2023-01-23T12:00      -> 2017-12-17T23:00 .. 2017-12-19T12:00
Two real stations keep their codes (the district's control sites); four are
replayed as the demo's township stations (their readings, other names). The
values are as published; the mapping is the demo's, not a fact.

Output: the canonical header station,time,so2,no2,co,o3,pm10,pm25 (io/aq_csv.h).
Run from the repository root: scripts/make-demo-aq.py
"""
import csv
import datetime as dt

FIX = "tests/fixtures/aq/"
# real station -> the demo's station code (app/demo_air_quality.cpp registers them)
STATIONS = {
    "1824A": "1824A",    # 肿瘤医院, a control site of the district
    "3210A": "3210A",    # 汴京公园, a control site of the district
    "3592A": "NJ-01",    # replayed as 南郊乡站
    "3473A": "WT-01",    # replayed as 汪屯乡站
    "1826A": "FT-01",    # replayed as 繁塔街道站
    "3147A": "CS-01",    # replayed as 菜市街道站
}
QUOTSOFT_SHIFT = dt.date(2018, 1, 1) - dt.date(2017, 12, 16)
CNEMC_SHIFT = dt.date(2023, 1, 23) - dt.date(2017, 12, 19)

rows = []
with open(FIX + "quotsoft_kaifeng_zhengzhou_20180101.csv", newline="") as f:
    for r in csv.DictReader(f):
        if r["stationcode"] not in STATIONS:
            continue
        t = dt.datetime.strptime(r["date"], "%Y%m%d") + dt.timedelta(hours=int(r["hour"])) - QUOTSOFT_SHIFT
        rows.append((STATIONS[r["stationcode"]], t, r["so2"], r["no2"], r["co"], r["o3"], r["pm10"], r["pm2_5"]))
with open(FIX + "cnemc_kaifeng_hourly.csv", newline="") as f:
    for r in csv.DictReader(f):
        if r["stationcode"] not in STATIONS:
            continue
        t = dt.datetime.fromisoformat(r["timepoint"]) - CNEMC_SHIFT
        # The mirror's documented O3 swap: o3_24h holds the hour's 1-hour O3.
        rows.append((STATIONS[r["stationcode"]], t, r["so2"], r["no2"], r["co"], r["o3_24h"], r["pm10"], r["pm2_5"]))
rows = [r for r in rows if any(v != "" for v in r[2:])]  # hours with no reading at all
rows.sort(key=lambda r: (r[0], r[1]))
with open("resources/demo/aq_kaifeng.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["station", "time", "so2", "no2", "co", "o3", "pm10", "pm25"])
    for r in rows:
        w.writerow([r[0], r[1].strftime("%Y-%m-%dT%H:%M:%S"), *r[2:]])
print(f"{len(rows)} station-hours")
