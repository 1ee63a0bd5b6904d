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
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ledger_type.h"
#include "core/ledger_values.h"

namespace lantian::app {

std::string encode_ledger_fields(const std::map<std::string, LedgerValue>& values);

Result<std::map<std::string, LedgerValue>> decode_ledger_fields(const LedgerType& type,
                                                                const std::string& json);

// One member of a stored fields object as scan_ledger_fields() found it: the
// key (it had no escapes) and the exact text of its value, both views into
// the scanned text.
struct StoredMember {
  std::string_view key, json;
};

// Reads a stored fields object without building a DOM, so that a list page
// can copy each value's text as it is instead of parsing and encoding it
// again (app/ledger_views.cpp). Fills `out` in the text's order and returns
// how many members there are; nullopt when the text is anything but what
// encode_ledger_fields() writes: a flat JSON object of strings, numbers,
// booleans and nulls, with JSON whitespace allowed, that boost::json::parse
// reads with the same meaning. Anything else — nesting, a key with an
// escape, a \u escape of a UTF-16 surrogate, bytes that are not UTF-8, an
// integer of more than 18 digits or an exponent of more than two, a syntax
// error, more members than `out` holds — is left to boost::json::parse.
// Duplicate keys are not looked for.
std::optional<size_t> scan_ledger_fields(std::string_view text, std::span<StoredMember> out);

}  // namespace lantian::app
