#include "api/open311_format.h"

#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <variant>

#include "api/problem.h"
#include "api/query.h"
#include "core/error_codes.h"
#include "core/text.h"

namespace lantian::api {
namespace {

// A document as both formats see it: records of named fields, each a
// string, a boolean, a number written as it is, or nothing.
struct Number {
  std::string text;
};
using Value = std::variant<std::nullptr_t, bool, std::string, Number>;
struct Field {
  const char* name;
  Value value;
};
using Record = std::vector<Field>;

Value text_or_null(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }
Value integer(int64_t v) { return Number{std::to_string(v)}; }
// A coordinate to 1e-8 degrees (about a millimetre), without trailing zeros:
// 34.792083, not 3.4792083E1.
Value coordinate(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 8);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return Number{s};
}

std::string json_string(const std::string& s) { return boost::json::serialize(boost::json::string(s)); }

void write_json(std::string& out, const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v))
    out += "null";
  else if (auto b = std::get_if<bool>(&v))
    out += *b ? "true" : "false";
  else if (auto n = std::get_if<Number>(&v))
    out += n->text;
  else
    out += json_string(std::get<std::string>(v));
}

void write_json(std::string& out, const Record& r) {
  out += '{';
  for (size_t i = 0; i < r.size(); ++i) {
    if (i) out += ',';
    out += json_string(r[i].name);
    out += ':';
    write_json(out, r[i].value);
  }
  out += '}';
}

std::string json_list(const std::vector<Record>& records) {
  std::string out = "[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) out += ',';
    write_json(out, records[i]);
  }
  return out + "]";
}

void write_xml(pugi::xml_node parent, const Record& r) {
  for (const auto& f : r) {
    pugi::xml_node el = parent.append_child(f.name);
    if (auto b = std::get_if<bool>(&f.value))
      el.text().set(*b ? "true" : "false");
    else if (auto n = std::get_if<Number>(&f.value))
      el.text().set(n->text.c_str());
    else if (auto s = std::get_if<std::string>(&f.value))
      el.text().set(s->c_str());
  }
}

// The document with its declaration; pugixml escapes every text.
std::string xml_text(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_node xml_root(pugi::xml_document& doc, const char* root) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  return doc.append_child(root);
}

std::string xml_list(const char* root, const char* item, const std::vector<Record>& records) {
  pugi::xml_document doc;
  pugi::xml_node r = xml_root(doc, root);
  for (const auto& rec : records) write_xml(r.append_child(item), rec);
  return xml_text(doc);
}

http::Response answer(Open311Format f, int status, std::string body) {
  http::Response r;
  r.status = status;
  r.set_header("content-type",
               f == Open311Format::xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8");
  r.set_header("cache-control", "no-store");
  r.set_header("access-control-allow-origin", "*");
  r.body = std::move(body);
  return r;
}

http::Response list_answer(Open311Format f, int status, const char* root, const char* item,
                           const std::vector<Record>& records) {
  return answer(f, status, f == Open311Format::xml ? xml_list(root, item, records) : json_list(records));
}

Record service_record(const app::Open311ServiceInfo& s) {
  return {{"service_code", s.code},
          {"service_name", s.name},
          {"description", text_or_null(s.description)},
          {"metadata", false},
          {"type", std::string("realtime")},
          {"keywords", text_or_null(s.keywords)},
          {"group", text_or_null(s.group)}};
}

Record request_record(const app::Open311Request& r) {
  return {{"service_request_id", integer(r.id)},
          {"status", std::string(r.closed ? "closed" : "open")},
          {"status_notes", text_or_null(r.status_notes)},
          {"service_name", text_or_null(r.service_name)},
          {"service_code", r.service_code},
          {"description", text_or_null(r.description)},
          {"agency_responsible", text_or_null(r.agency_responsible)},
          {"service_notice", text_or_null(r.service_notice)},
          {"requested_datetime", text_or_null(r.requested_datetime)},
          {"updated_datetime", text_or_null(r.updated_datetime)},
          {"expected_datetime", text_or_null(r.expected_datetime)},
          {"address", text_or_null(r.address)},
          {"address_id", nullptr},
          {"zipcode", nullptr},
          {"lat", r.location ? coordinate(r.location->lat) : Value(nullptr)},
          {"long", r.location ? coordinate(r.location->lng) : Value(nullptr)},
          {"media_url", text_or_null(r.media_url)}};
}

// Percent-decoding of a form ('+' is a space). Unlike a query string, a form
// keeps line breaks and tabs: a description has paragraphs.
std::optional<std::string> form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += char(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  if (!valid_utf8(out) || has_control_characters(out, true)) return std::nullopt;
  return out;
}

// A W3C date-time of the query. A bare date is a Beijing day: its start, or
// for an end its last millisecond.
Result<std::optional<TimePoint>> query_time(const Query& q, const std::string& name, bool end) {
  std::string s = q.str(name);
  if (s.empty()) return std::optional<TimePoint>();
  if (s.size() == 10) s += end ? "T23:59:59.999+08:00" : "T00:00:00+08:00";
  // "…T09:00:00+08:00" sent unencoded decodes to "…T09:00:00 08:00".
  if (s.size() > 19) {
    auto space = s.find(' ', 19);
    if (space != std::string::npos) s[space] = '+';
  }
  auto t = parse_time(s);
  if (!t) return Error::make("query_not_date", {{"name", name}});
  return std::optional<TimePoint>(*t);
}

}  // namespace

std::optional<Open311Format> open311_format(std::string_view extension) {
  if (extension == "json") return Open311Format::json;
  if (extension == "xml") return Open311Format::xml;
  return std::nullopt;
}

Open311Format open311_format_of_path(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot != std::string_view::npos && path.substr(dot) == ".xml") return Open311Format::xml;
  return Open311Format::json;
}

http::Response open311_services(Open311Format f, const std::vector<app::Open311ServiceInfo>& services) {
  std::vector<Record> records;
  for (const auto& s : services) records.push_back(service_record(s));
  return list_answer(f, 200, "services", "service", records);
}

http::Response open311_service_definition(Open311Format f, const app::Open311ServiceInfo& service) {
  // No service takes attributes (metadata false): the definition names the
  // service and lists none.
  if (f == Open311Format::json)
    return answer(f, 200, "{\"service_code\":" + json_string(service.code) + ",\"attributes\":[]}");
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, "service_definition");
  root.append_child("service_code").text().set(service.code.c_str());
  root.append_child("attributes");
  return answer(f, 200, xml_text(doc));
}

http::Response open311_receipt(Open311Format f, const app::Open311Receipt& receipt) {
  Record r = {{"service_request_id", integer(receipt.id)},
              {"service_notice", text_or_null(receipt.notice)},
              {"account_id", text_or_null(receipt.account_id)}};
  // 200, not 201: GeoReport clients look for 200 (the spec names no other).
  return list_answer(f, 200, "service_requests", "request", {r});
}

http::Response open311_requests(Open311Format f, const std::vector<app::Open311Request>& requests) {
  std::vector<Record> records;
  records.reserve(requests.size());
  for (const auto& r : requests) records.push_back(request_record(r));
  return list_answer(f, 200, "service_requests", "request", records);
}

http::Response open311_errors(Open311Format f, const Error& e) {
  int status = status_for(e);
  if (status == 422) status = 400;  // GeoReport answers every bad request with 400
  std::vector<Record> records;
  for (const auto& fe : e.fields)
    records.push_back({{"code", integer(status)}, {"description", fe.field + ": " + fe.message}});
  if (records.empty())
    records.push_back({{"code", integer(status)},
                       {"description", status == 500 ? std::string("an internal error occurred")
                                                     : replace_invalid_utf8(client_message(e))}});
  http::Response r = list_answer(f, status, "errors", "error", records);
  if (message_is_internal(e)) r.log_cause = e.message;
  if (e.kind == ErrorKind::rate_limited)
    for (const auto& [k, v] : e.params)
      if (k == "retry_after") r.set_header("retry-after", v);
  return r;
}

Result<app::Open311Submission> parse_open311_form(std::string_view body) {
  std::map<std::string, std::string, std::less<>> values;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto part = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto k = form_decode(part.substr(0, eq));
    auto v = form_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!k || !v) return Error::make("bad_form_encoding");
    values[*k] = *v;
  }
  auto get = [&](std::string_view k) {
    auto it = values.find(k);
    return it == values.end() ? std::string() : it->second;
  };
  app::Open311Submission s;
  s.api_key = get("api_key");
  s.service_code = get("service_code");
  s.lat = get("lat");
  s.lng = get("long");
  s.address_string = get("address_string");
  s.address_id = get("address_id");
  s.description = get("description");
  s.media_url = get("media_url");
  s.email = get("email");
  s.first_name = get("first_name");
  s.last_name = get("last_name");
  s.phone = get("phone");
  s.device_id = get("device_id");
  s.account_id = get("account_id");
  return s;
}

Result<app::Open311Query> parse_open311_query(std::string_view raw) {
  LT_ASSIGN(auto q, Query::parse(raw));
  app::Open311Query out;
  for (const auto& id : q.list("service_request_id")) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
    if (ec != std::errc() || end != id.data() + id.size() || v <= 0)
      return Error::make("query_not_integer", {{"name", "service_request_id"}});
    out.ids.push_back(v);
  }
  out.service_codes = q.list("service_code");
  out.statuses = q.list("status");
  LT_ASSIGN(out.start, query_time(q, "start_date", false));
  LT_ASSIGN(out.end, query_time(q, "end_date", true));
  return out;
}

}  // namespace lantian::api
