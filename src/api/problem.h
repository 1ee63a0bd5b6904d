// RFC 9457 problem responses and JSON responses. Every error leaving the API
// goes through problem(): type, title, status, detail, code, and for
// validation errors the list of {field, message}; never an HTML page or a
// stack trace.
//
// What a client never sees: the message of a 5xx error or of a database_*
// code (core/error_codes.h message_is_internal) — the database's or the
// system's own words. Such a problem's detail is the catalogue's text for its
// code (503: e.g. database_full, database_read_only, database_unavailable;
// 500: "an internal error occurred"), and the message is put in the
// response's log_cause for the server's log (api::Api::handle logs it with
// the request id).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "core/error.h"
#include "http/message.h"

namespace lantian::api {

int status_for(const Error& e);
http::Response problem(const Error& e);
http::Response json_response(int status, const boost::json::value& body);
// The same with a body already serialized (app/json_writer.h).
http::Response json_text_response(int status, std::string body);
http::Response no_content();

}  // namespace lantian::api
