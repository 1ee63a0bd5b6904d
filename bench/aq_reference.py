#!/usr/bin/env python3
"""A plain reference implementation of the hourly (real-time, 实时报) AQI,
written from the standards for bench/run_aq.sh: HJ 633-2012 as CNEMC
published it and HJ 633-2026 §4.2.3-4.2.6, from the breakpoint tables in
/work/shared/domain/aqi-standards.md (§6, "Machine-readable breakpoints").
Exact: concentrations are Fractions, never floats. Not the product's code.

    lantian_bench_aq dump FILES... | bench/aq_reference.py

reads the engine's dump (one line per station-hour and edition: the inputs
and src/aq's answer), computes each line again here and compares AQI,
primary pollutants, level and the six IAQIs. Prints KEY=VALUE lines (the
count, the mismatches, the time of its own computation and its rate) and
the first mismatches; exits 1 on any mismatch.

The rules, as the standards say them (section numbers of the digest):
  * IAQI = I_lo + (I_hi - I_lo) / (BP_hi - BP_lo) * (C - BP_lo), rounded
    up (§1.4, §1.5, §2.6), on the segment whose upper breakpoint is the first
    one >= C.
  * Real time: SO2, NO2, CO and O3 on their 1-hour rows; PM10 and PM2.5 1-hour
    values on the daily rows (2026 §4.2.4; CNEMC's practice under 2012).
  * 2026: each concentration first rounded by GB/T 8170 (half to even) to a
    whole µg/m³, CO to 0.1 mg/m³ (§2.5); SO2 1-hour above 800 -> IAQI 200.
  * 2012: no rounding; SO2 1-hour above 800 -> the IAQI of the SO2 24-hour
    mean when given, else no SO2 IAQI.
  * Above the last breakpoint: 500 (the standards define no more; HJ 633-2026
    gives the range as 1-500; CNEMC published 500) -- the engine's policy,
    Flags §7.6.
  * AQI = the maximum IAQI; primary pollutants: every one at the maximum,
    only when AQI > 50 (§1.7, §2.9). Levels 1-6 by 50/100/150/200/300.
  * Missing items: 2026 publishes an incomplete hour's AQI only above 100
    (§5.3.1); 2012 publishes the AQI of the remaining items, as CNEMC did.
    No item at all: no AQI.
"""
import math
import sys
import time
from fractions import Fraction

STEPS = [0, 50, 100, 150, 200, 300, 400, 500]
# Upper breakpoints per IAQI step; None: the row ends there (§6).
ROWS = {
    "SO2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "SO2_1h": [0, 150, 500, 650, 800, None, None, None],
    "NO2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "CO_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "O3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    ("PM10_24h", "2012"): [0, 50, 150, 250, 350, 420, 500, 600],
    ("PM10_24h", "2026"): [0, 50, 120, 250, 350, 420, 500, 600],
    ("PM25_24h", "2012"): [0, 35, 75, 115, 150, 250, 350, 500],
    ("PM25_24h", "2026"): [0, 35, 60, 115, 150, 250, 350, 500],
}
# Column order of the dump: SO2 NO2 CO O3 PM10 PM2.5 (src/aq/types.h).
NAMES = ["SO2", "NO2", "CO", "O3", "PM10", "PM2.5"]
NA = -1


def iaqi(row, c):
    """IAQI of concentration c (a Fraction in the row's unit); None above a
    row that ends (SO2 1-hour), 500 above the last breakpoint."""
    bps = [b for b in row if b is not None]
    for k in range(1, len(bps)):
        if c <= bps[k]:
            lo, hi = bps[k - 1], bps[k]
            return math.ceil(STEPS[k - 1] + Fraction(STEPS[k] - STEPS[k - 1], hi - lo) * (c - lo))
    if c == 0:
        return 0
    return None if len(bps) < len(row) else 500


def gbt8170(c, decimals):
    """GB/T 8170 to `decimals` decimals: Python rounds a Fraction half to even."""
    q = Fraction(10) ** decimals
    return Fraction(round(c * q)) / q


def level(aqi):
    for lv, top in enumerate([50, 100, 150, 200, 300], start=1):
        if aqi <= top:
            return lv
    return 6


def hourly(edition, milli, so2_24h):
    """(aqi, primary bits, level, [iaqi x 6]) with NA = -1."""
    out = []
    complete = True
    for p, m in enumerate(milli):
        if m < 0:
            out.append(NA)
            complete = False
            continue
        c = Fraction(m, 1000)
        if edition == "2026":
            c = gbt8170(c, 1 if p == 2 else 0)
        if p == 0:  # SO2
            v = iaqi(ROWS["SO2_1h"], c)
            if v is None:
                if edition == "2026":
                    v = 200
                elif so2_24h is not None:
                    v = iaqi(ROWS["SO2_24h"], so2_24h)
        elif p == 1:
            v = iaqi(ROWS["NO2_1h"], c)
        elif p == 2:
            v = iaqi(ROWS["CO_1h"], c)
        elif p == 3:
            v = iaqi(ROWS["O3_1h"], c)
        elif p == 4:
            v = iaqi(ROWS[("PM10_24h", edition)], c)
        else:
            v = iaqi(ROWS[("PM25_24h", edition)], c)
        if v is None:
            complete = False
            v = NA
        out.append(v)
    present = [v for v in out if v != NA]
    if not present:
        return NA, 0, 0, out
    aqi = max(present)
    if not complete and edition == "2026" and aqi <= 100:
        return NA, 0, 0, out
    bits = 0
    if aqi > 50:
        for p, v in enumerate(out):
            if v == aqi:
                bits |= 1 << p
    return aqi, bits, level(aqi), out


def main():
    cases = []
    for line in sys.stdin:
        f = line.rstrip("\n").split("\t")
        milli = [int(x) for x in f[1:7]]
        s, n = int(f[7]), int(f[8])
        so2_24h = Fraction(s, 1000 * n) if n > 0 else None
        want = (int(f[9]), int(f[10]), int(f[11]), [int(x) for x in f[12:18]])
        cases.append((f[0], milli, so2_24h, want))
    t = time.process_time()
    got = [hourly(e, m, s) for e, m, s, _ in cases]
    secs = time.process_time() - t
    bad = [(c, g) for c, g in zip(cases, got) if (g[0], g[1], g[2], g[3]) != c[3]]
    print("REF_CASES=%d" % len(cases))
    print("REF_MISMATCHES=%d" % len(bad))
    print("REF_SECS=%.3f" % secs)
    print("REF_RATE=%.0f" % (len(cases) / secs if secs > 0 else 0))
    for (e, m, s, want), g in bad[:10]:
        print(
            "MISMATCH edition %s input %s so2_24h %s: engine aqi %d primary %d level %d iaqi %s; reference %d %d %d %s"
            % (e, m, s, want[0], want[1], want[2], want[3], g[0], g[1], g[2], g[3]),
            file=sys.stderr,
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
