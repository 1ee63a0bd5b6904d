// Downloads of report files and their thumbnails from the evidence store,
// to anyone who may see the file's task. ETag is the content's SHA-256 (a
// content never changes under its name); ranges (api/byte_range.h) let a
// phone resume a large file. The file is read whole from the store and the
// requested part sent (a file is at most the 8 MiB upload limit).
#include "api/api.h"
#include "api/byte_range.h"
#include "api/handler_util.h"
#include "api/problem.h"
#include "app/ledger_service.h"
#include "app/record_files.h"

namespace lantian::api {
namespace {

// Whether If-None-Match names this ETag (or is "*").
bool etag_matches(std::string_view header, const std::string& etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view tag =
        header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

http::Response send_content(const http::Request& req, const std::string& content_type,
                            const std::string& sha256, const std::string& disposition, std::string bytes) {
  http::Response res;
  const std::string etag = "\"" + sha256 + "\"";
  res.set_header("etag", etag);
  res.set_header("accept-ranges", "bytes");
  res.set_header("cache-control", "private, max-age=3600");
  res.set_header("x-content-type-options", "nosniff");
  if (etag_matches(req.header("if-none-match"), etag)) {
    res.status = 304;
    return res;
  }
  res.set_header("content-type", content_type);
  if (!disposition.empty()) res.set_header("content-disposition", disposition);
  const uint64_t size = bytes.size();
  auto r = parse_byte_range(req.header("range"), size);
  if (r.unsatisfiable) {
    http::Response p = problem(Error::make("range_not_satisfiable", {{"size", std::to_string(size)}}));
    p.set_header("content-range", "bytes */" + std::to_string(size));
    return p;
  }
  if (r.whole) {
    res.status = 200;
    res.body = std::move(bytes);
    return res;
  }
  res.status = 206;
  res.set_header("content-range", "bytes " + std::to_string(r.range.first) + "-" +
                                      std::to_string(r.range.last) + "/" + std::to_string(size));
  res.body = bytes.substr(size_t(r.range.first), size_t(r.range.length()));
  return res;
}

}  // namespace

void add_attachment_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/attachments/{id}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto file, s.tasks.attachment(c.actor(), *id));
    const Attachment& a = file.first;
    std::string type = a.evidence ? a.evidence->content_type : a.content_type;
    return send_content(c.req, type, a.sha256, content_disposition(a.filename, ""), std::move(file.second));
  });
  r.add("GET", "/api/v1/attachments/{id}/thumbnail", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto file, s.tasks.thumbnail(c.actor(), *id));
    return send_content(c.req, "image/jpeg", *file.first.evidence->thumbnail_sha256, "",
                        std::move(file.second));
  });
  // Files of ledger rows, inspections and enterprises (record_files): the
  // file's record kind names the service that checks who may read it.
  auto record_file = [&s](RouteContext& c, bool thumbnail) -> http::Response {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto kind, app::record_file_kind(s.db, *id));
    const app::Actor& a = c.actor();
    // The service that knows who may read files of this kind of record.
    using Read = Result<std::pair<RecordFile, std::string>> (*)(Services&, const app::Actor&, int64_t, bool);
    static constexpr std::pair<std::string_view, Read> kReaders[] = {
        {app::kLedgerRowRecord, [](Services& s, const app::Actor& a, int64_t id,
                                   bool thumb) { return s.ledgers.file(a, id, thumb); }},
        {app::kInspectionRecord, [](Services& s, const app::Actor& a, int64_t id,
                                    bool thumb) { return s.inspections.file(a, id, thumb); }},
        {app::kEnterpriseRecord, [](Services& s, const app::Actor& a, int64_t id,
                                    bool thumb) { return s.enterprise_documents.file(a, id, thumb); }},
        {app::kProblemRecord, [](Services& s, const app::Actor& a, int64_t id,
                                 bool thumb) { return s.problems.file(a, id, thumb); }},
        {app::kAlertRecord, [](Services& s, const app::Actor& a, int64_t id,
                               bool thumb) { return s.alerts.file(a, id, thumb); }},
    };
    Result<std::pair<RecordFile, std::string>> file = Error::not_found("no such file");
    for (const auto& [k, read] : kReaders)
      if (kind == k) file = read(s, a, *id, thumbnail);
    if (!file.ok()) return problem(file.error());
    const RecordFile& f = file->first;
    if (thumbnail)
      return send_content(c.req, "image/jpeg", *f.evidence->thumbnail_sha256, "", std::move(file->second));
    return send_content(c.req, f.content_type, f.sha256, content_disposition(f.filename, ""),
                        std::move(file->second));
  };
  r.add("GET", "/api/v1/record-files/{id}", Access::user, "ledgers.read",
        [record_file](RouteContext& c) { return record_file(c, false); });
  r.add("GET", "/api/v1/record-files/{id}/thumbnail", Access::user, "ledgers.read",
        [record_file](RouteContext& c) { return record_file(c, true); });
}

}  // namespace lantian::api
