// Rounding of concentrations by GB/T 8170-2008 §3.2 ("四舍六入五成双"), as
// HJ 633-2026 §4.2.2–4.2.3 requires before the IAQI lookup: SO2, NO2, O3,
// PM10 and PM2.5 to whole µg/m³, CO to 0.1 mg/m³. A dropped part below one
// half is dropped, above one half rounds up, exactly one half rounds to the
// even neighbour — and the rounding is done once, from the exact value (a
// mean is rounded from its fraction, never from a rounded mean).
// HJ 633-2012 does not round concentrations; see hourly.h and daily.h.
//
// CNEMC's own published 24-hour means follow the same rule: on 2023-01-22
// (tests/fixtures/aq) 20.5 → 20, 30.5 → 30, 244.5 → 244, 98.5 → 98.
//
// Thread-safety: pure functions.
#pragma once

#include "aq/types.h"

namespace lantian::aq {

// num/den rounded to an integer, ties to even (num ≥ 0, den ≥ 1).
constexpr int64_t round_half_even(int64_t num, int64_t den) {
  const int64_t q = num / den, r = num % den;
  if (2 * r > den || (2 * r == den && (q & 1))) return q + 1;
  return q;
}

// A Milli value rounded half to even to a multiple of kStep; the divisor
// is a constant, so this is a multiplication (the hourly path).
template <Milli kStep>
constexpr Milli round_half_even_to(Milli c) {
  const Milli q = c / kStep, r = c % kStep;
  return (2 * r > kStep || (2 * r == kStep && (q & 1))) ? (q + 1) * kStep : q * kStep;
}

// A concentration c ≥ 0 of pollutant p rounded as GB/T 8170 and HJ 633-2026
// say (whole µg/m³; 0.1 mg/m³ for CO), in Milli.
constexpr Milli round_gbt8170(Pollutant p, Milli c) {
  return p == Pollutant::co ? round_half_even_to<kMilliPerUnit / 10>(c)
                            : round_half_even_to<kMilliPerUnit>(c);
}

// The same for the exact value num/den Milli (a mean).
constexpr Milli round_gbt8170(Pollutant p, int64_t num, int64_t den) {
  const int64_t step = p == Pollutant::co ? kMilliPerUnit / 10 : kMilliPerUnit;
  return static_cast<Milli>(round_half_even(num, den * step) * step);
}

// The same for a Mean; kNa for a missing one.
constexpr Milli round_gbt8170(Pollutant p, Mean m) {
  return m.valid() ? round_gbt8170(p, m.sum, m.count) : kNa;
}

// num/den rounded half to even to `decimals` (0–3) decimals, in Milli; for
// display only (e.g. HJ 633-2012 means, whose IAQI uses the exact value).
constexpr Milli round_to_decimals(int64_t num, int64_t den, int decimals) {
  int64_t step = kMilliPerUnit;
  for (int i = 0; i < decimals; ++i) step /= 10;
  return static_cast<Milli>(round_half_even(num, den * step) * step);
}

}  // namespace lantian::aq
