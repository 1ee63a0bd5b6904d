#include "api/problem.h"

#include "core/error_codes.h"
#include "core/text.h"

namespace lantian::api {

namespace json = boost::json;

int status_for(const Error& e) {
  if (e.code == "method_not_allowed") return 405;
  if (e.code == "unsupported_media_type") return 415;
  if (e.code == "range_not_satisfiable") return 416;
  switch (e.kind) {
    case ErrorKind::invalid:
      return e.fields.empty() ? 400 : 422;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::locked:
      return 423;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::rate_limited:
      return 429;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

namespace {
const char* slug_and_title(int status, const char** title) {
  switch (status) {
    case 400:
      *title = "Bad Request";
      return "bad-request";
    case 401:
      *title = "Unauthorized";
      return "unauthorized";
    case 403:
      *title = "Forbidden";
      return "forbidden";
    case 404:
      *title = "Not Found";
      return "not-found";
    case 405:
      *title = "Method Not Allowed";
      return "method-not-allowed";
    case 409:
      *title = "Conflict";
      return "conflict";
    case 413:
      *title = "Payload Too Large";
      return "payload-too-large";
    case 415:
      *title = "Unsupported Media Type";
      return "unsupported-media-type";
    case 416:
      *title = "Range Not Satisfiable";
      return "range-not-satisfiable";
    case 422:
      *title = "Validation Failed";
      return "validation-failed";
    case 423:
      *title = "Locked";
      return "account-locked";
    case 429:
      *title = "Too Many Requests";
      return "too-many-requests";
    case 503:
      *title = "Service Unavailable";
      return "unavailable";
    default:
      *title = "Internal Server Error";
      return "internal";
  }
}

// Messages and parameters may echo what a client sent (a request path, a
// header); the body must stay UTF-8 JSON whatever bytes that was.
std::string utf8(std::string_view s) { return replace_invalid_utf8(s); }

json::object params_object(const Params& params) {
  json::object o;
  for (const auto& [k, v] : params) o[utf8(k)] = utf8(v);
  return o;
}

}  // namespace

http::Response problem(const Error& e) {
  int status = status_for(e);
  const char* title = "";
  std::string slug = slug_and_title(status, &title);
  // Every problem carries a code from the catalogue; errors raised without
  // one get the generic code of their kind.
  std::string code = e.code.empty() ? std::string(generic_code(e)) : e.code;
  if (!e.code.empty()) slug = e.code;
  json::object body{
      {"type", "https://lantian.dev/problems/" + slug},
      {"title", title},
      {"status", status},
      // Internal details stay in the log, not in the response.
      {"detail", status == 500 ? std::string("an internal error occurred") : utf8(client_message(e))}};
  if (!e.fields.empty()) {
    json::array errs;
    for (const auto& f : e.fields) {
      json::object fe{{"field", utf8(f.field)},
                      {"code", f.code.empty() ? std::string("invalid") : f.code},
                      {"message", utf8(f.message)}};
      if (!f.params.empty()) fe["params"] = params_object(f.params);
      errs.push_back(std::move(fe));
    }
    body["errors"] = std::move(errs);
  }
  body["code"] = code;
  if (!e.params.empty() && status != 500) body["params"] = params_object(e.params);
  http::Response r;
  r.status = status;
  if (message_is_internal(e)) r.log_cause = e.message;
  r.set_header("content-type", "application/problem+json");
  r.set_header("cache-control", "no-store");
  r.body = json::serialize(body);
  return r;
}

http::Response json_response(int status, const json::value& body) {
  return json_text_response(status, json::serialize(body));
}

http::Response json_text_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.set_header("content-type", "application/json; charset=utf-8");
  r.set_header("cache-control", "no-store");
  r.body = std::move(body);
  return r;
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  r.set_header("cache-control", "no-store");
  return r;
}

}  // namespace lantian::api
