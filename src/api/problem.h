// RFC 9457 problem responses and JSON responses. Every error leaving the API
// goes through problem(): type, title, status, detail, and for validation
// errors the list of {field, message}; never an HTML page or a stack trace.
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
