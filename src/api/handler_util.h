// Helpers shared by route handlers: turning error values into problem
// responses and wrapping list pages.
#pragma once

#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "api/problem.h"
#include "api/query.h"
#include "api/router.h"
#include "app/json_writer.h"
#include "app/task_export.h"
#include "app/uploads.h"
#include "core/error.h"
#include "store/paging.h"

// API_ASSIGN(auto x, expr): x from a Result, or return its problem response.
#define API_ASSIGN(decl, expr) API_ASSIGN_IMPL(LT_CONCAT(api_res_, __LINE__), decl, expr)
#define API_ASSIGN_IMPL(tmp, decl, expr)                      \
  auto tmp = (expr);                                          \
  if (!tmp.ok()) return ::lantian::api::problem(tmp.error()); \
  decl = std::move(tmp).value()
// API_TRY(status_expr): return its problem response on error.
#define API_TRY(expr)                                                     \
  do {                                                                    \
    auto api_try_ = (expr);                                               \
    if (!api_try_.ok()) return ::lantian::api::problem(api_try_.error()); \
  } while (0)

namespace lantian::api {

// The file of an upload request: the raw body, its name in ?filename=, its
// type in Content-Type (app/uploads.h checks them).
inline app::AttachmentUpload upload_in(const RouteContext& c, const Query& q) {
  app::AttachmentUpload up;
  up.filename = q.str("filename");
  up.content_type = std::string(c.req.header("content-type"));
  up.bytes = c.req.body;
  return up;
}

// A list page as a JSON response: {items, total, page, per_page}. The DOM is
// built in a per-request monotonic buffer and serialized before it goes away.
template <typename T, typename View>
http::Response page_response(const store::PageOf<T>& p, const store::Page& page, View view) {
  unsigned char buffer[16384];
  boost::json::monotonic_resource mr(buffer, sizeof buffer);
  boost::json::storage_ptr sp(&mr);
  boost::json::array items(sp);
  items.reserve(p.items.size());
  for (const auto& it : p.items) items.push_back(view(it, sp));
  boost::json::object body(
      {{"items", std::move(items)}, {"total", p.total}, {"page", page.page}, {"per_page", page.per_page}},
      sp);
  if (!p.next_cursor.empty()) body["next_cursor"] = p.next_cursor;
  return json_response(200, body);
}

// The same page written straight as text from the records: `write(w, item)`
// writes one item with the app::JsonWriter w (e.g. app::write_task_detail_json).
// The body is what page_response gives with the matching DOM view.
template <typename T, typename Write>
http::Response page_json_response(const store::PageOf<T>& p, const store::Page& page, Write write) {
  app::JsonWriter w(256 + 1280 * p.items.size());
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const auto& it : p.items) write(w, it);
  w.end_array();
  w.field("total", p.total);
  w.field("page", page.page);
  w.field("per_page", page.per_page);
  if (!p.next_cursor.empty()) w.field("next_cursor", p.next_cursor);
  w.end_object();
  return json_text_response(200, w.take());
}

// {"items": [...]} for a whole list (no paging), written as page_json_response does.
template <typename T, typename Write>
http::Response items_json_response(int status, const std::vector<T>& items, Write write) {
  app::JsonWriter w(64 + 1280 * items.size());
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (const auto& it : items) write(w, it);
  w.end_array();
  w.end_object();
  return json_text_response(status, w.take());
}

// Content-Disposition for a download (RFC 6266 / 5987): `ascii_fallback`
// for old clients, and the UTF-8 name percent-encoded so that Chinese names
// survive.
inline std::string content_disposition(const std::string& filename, const std::string& ascii_fallback) {
  std::string enc;
  for (unsigned char ch : filename) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      enc += char(ch);
    } else {
      static const char* hex = "0123456789ABCDEF";
      enc += '%';
      enc += hex[ch >> 4];
      enc += hex[ch & 15];
    }
  }
  std::string out = "attachment";
  if (!ascii_fallback.empty()) out += "; filename=\"" + ascii_fallback + "\"";
  return out + "; filename*=UTF-8''" + enc;
}

inline Error bad_id() { return Error::make("bad_id"); }

// A coded error's parameters as a JSON object ({"rows": "3"}).
inline boost::json::object params_json(const Params& p) {
  boost::json::object o;
  for (const auto& [k, v] : p) o[k] = v;
  return o;
}

// 422 for an import refused as a whole, nothing written: the problem of
// `code` {rows} (a field error on "file") whose "report" member is the
// import's report.
inline http::Response import_rejected(std::string_view code, int64_t rows, boost::json::object report) {
  Params p{{"rows", std::to_string(rows)}};
  Error e = Error::validation({{"file", issue(code, p)}});
  e.message = e.fields[0].message;
  e.code = std::string(code);
  e.params = std::move(p);
  http::Response res = problem(e);
  boost::json::value body = boost::json::parse(res.body);
  body.as_object()["report"] = std::move(report);
  res.body = boost::json::serialize(body);
  return res;
}

// A download of a generated workbook (never cached: it is the data of now).
inline http::Response xlsx_response(app::ExportFile& file) {
  http::Response res;
  res.status = 200;
  res.set_header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("content-disposition", content_disposition(file.filename, file.ascii_filename));
  res.set_header("x-content-type-options", "nosniff");
  res.set_header("cache-control", "no-store");
  res.body = std::move(file.bytes);
  return res;
}

}  // namespace lantian::api
