// Concentrations as text ↔ Milli, exactly (no floating point): the decimal
// numbers of the data files ("35", "1.1", "0.25") and of the CLI's output.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "aq/types.h"
#include "core/error.h"

namespace lantian::aq {

// "12", "12.", "12.5", "0.125", ".5" → Milli. Errors (invalid, with a reason
// that names the text): empty, a sign (negative concentrations are not
// measurements), an exponent or any other character, more than three
// decimals (it would have to be rounded silently), more than kMilliMax.
Result<Milli> parse_milli(std::string_view text);

// v ≥ 0 with exactly `decimals` (0–3) decimals: 1300 → "1.3" (1), "75" (0).
// Digits beyond `decimals` are cut, so round first (rounding.h).
std::string format_milli(Milli v, int decimals);

}  // namespace lantian::aq
