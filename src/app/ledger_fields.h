// A ledger row's field values (core/ledger_values.h) as the JSON object the
// store keeps in ledger_rows.fields and the API sends: text kinds, dates and
// choice codes as strings, integers and decimals as numbers, booleans as
// true/false; a field without a value is left out.
//
// Errors: decode_ledger_fields() returns invalid when the stored text is not
// a JSON object (a damaged row: the caller reports it, nothing is guessed).
// Values come back as they were stored (they were checked when written): a
// definition changed since (a bound, a choice) shows an old value as it was
// rather than dropping it; a stored field the type no longer declares is
// left out.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>

#include "core/error.h"
#include "core/ledger_type.h"
#include "core/ledger_values.h"

namespace lantian::app {

std::string encode_ledger_fields(const std::map<std::string, LedgerValue>& values);

Result<std::map<std::string, LedgerValue>> decode_ledger_fields(const LedgerType& type,
                                                                const std::string& json);

}  // namespace lantian::app
