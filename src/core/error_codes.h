// The catalogue of error codes: every error the API returns carries one
// stable machine `code` (snake_case) with named parameters, so clients
// translate by code instead of parsing English. Each entry gives the code,
// the error kind it implies when raised on its own (Error::make), the names
// of its parameters and the English template the server renders into
// `message`/`detail` ("must be at most {max} characters").
//
// The catalogue is data (error_codes.cpp). docs/openapi.yaml lists every
// code under components/schemas/ErrorCode, and web/src/i18n/errors/*.json
// translate each one; tests keep the three equal, and the API test client
// fails any response whose code is not documented.
//
// Thread-safety: immutable data; pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian {

struct ErrorCodeDef {
  std::string_view code;
  ErrorKind kind;           // used by Error::make; field errors are always `invalid`
  std::string_view params;  // parameter names, comma-separated ("expected,actual")
  std::string_view en;      // English template with {name} placeholders
};

// Every registered code, in catalogue order.
std::span<const ErrorCodeDef> error_codes();
// The entry for code; nullptr if it is not registered.
const ErrorCodeDef* find_error_code(std::string_view code);
// Fills {name} placeholders from params; unknown placeholders stay as written.
std::string render_template(std::string_view tmpl, const Params& params);
// The generic code for an error that has none (by kind and field presence).
std::string_view generic_code(const Error& e);

// Whether e.message is for logs and the command line only, never for API
// clients: errors of kind unavailable or internal (the 5xx answers), and the
// database_* codes, which src/store raises with the database's own words in
// the message.
bool message_is_internal(const Error& e);
// The sentence an API client may see for e: e.message, or when that is
// internal the catalogue's text for e's code (its kind's generic code when it
// has none or an unregistered one), filled with e's params.
std::string client_message(const Error& e);

}  // namespace lantian
