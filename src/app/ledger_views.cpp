#include "app/ledger_views.h"

#include <bitset>

#include "app/json_writer.h"
#include "app/ledger_fields.h"
#include "app/ledger_sheets.h"
#include "app/workflow_views.h"

namespace lantian::app {
namespace json = boost::json;
namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::value opt_number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

}  // namespace

json::object ledger_type_view(const LedgerType& t) {
  json::array fields, builtins, counts;
  for (const auto& f : t.fields) {
    json::array choices;
    for (const auto& c : f.choices)
      choices.push_back(json::object{{"code", c.code}, {"label", label_view(c.label)}});
    json::object o{{"name", f.name},
                   {"label", label_view(f.label)},
                   {"type", field_type_name(f.type)},
                   {"required", f.required},
                   {"unit", f.unit},
                   {"min", opt_number(f.min)},
                   {"max", opt_number(f.max)},
                   {"max_length", f.max_length},
                   {"choices", std::move(choices)}};
    o["help"] =
        f.help.zh.empty() && f.help.en.empty() ? json::value(nullptr) : json::value(label_view(f.help));
    fields.push_back(std::move(o));
  }
  for (auto b : ledger_builtins())
    builtins.push_back(json::object{{"name", b}, {"label", label_view(ledger_builtin_label(b))}});
  for (const auto& g : ledger_count_groups(t))
    counts.push_back(json::object{{"index", g.index},
                                  {"states", strings(g.states)},
                                  {"quantity", g.quantity},
                                  {"label", label_view(g.label)}});
  return json::object{
      {"name", t.name},
      {"label", label_view(t.label)},
      {"work_area", t.work_area},
      {"workflow", t.workflow},
      {"title_field", t.title_field},
      {"fields", std::move(fields)},
      {"builtins", std::move(builtins)},
      {"list", json::object{{"columns", strings(t.list_columns)}, {"filters", strings(t.filters)}}},
      {"excel", json::object{{"columns", strings(t.excel_columns)}, {"key", strings(t.excel_key)}}},
      {"counts", std::move(counts)}};
}

namespace {

// The stored fields object, parsed, less the fields the type no longer
// declares ({} when the text is not an object: a damaged row).
json::value stored_fields_dom(const LedgerType& t, const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return json::object();
  auto& o = v.as_object();
  for (auto it = o.begin(); it != o.end();)
    it = t.field(std::string_view(it->key())) ? std::next(it) : o.erase(it);
  return v;
}

template <class W>
void write_fields(W& w, const LedgerType& t, const std::string& text) {
  w.dom_value(stored_fields_dom(t, text));
}

// List pages: the stored object is what encode_ledger_fields() wrote, JSON
// the server made itself, so each declared field's value is copied as it is
// (no parse, no encode: most of a page's cost before). Text that is not
// plainly that (scan_ledger_fields), or names a field twice, is parsed.
void write_fields(JsonWriter& w, const LedgerType& t, const std::string& text) {
  constexpr size_t kMaxMembers = 128, kMaxFields = 256;
  StoredMember members[kMaxMembers];
  const LedgerField* declared[kMaxMembers];
  std::bitset<kMaxFields> seen;
  auto n = t.fields.size() <= kMaxFields ? scan_ledger_fields(text, members) : std::nullopt;
  bool plain = n.has_value();
  for (size_t i = 0; plain && i < *n; ++i) {
    declared[i] = t.field(members[i].key);
    if (!declared[i]) continue;
    const auto f = size_t(declared[i] - t.fields.data());
    plain = !seen.test(f);
    seen.set(f);
  }
  if (!plain) {
    w.dom_value(stored_fields_dom(t, text));
    return;
  }
  w.begin_object();
  for (size_t i = 0; i < *n; ++i)
    if (declared[i]) {
      w.key(members[i].key);
      w.raw_value(members[i].json);
    }
  w.end_object();
}

// A row, written once for both writers (app/json_writer.h); `actions` only
// where the reader's are known.
template <class W>
void write_row(W& w, const LedgerType& t, const LedgerRow& r, const std::vector<std::string>* actions) {
  w.begin_object();
  w.field("id", r.id);
  w.field("ledger_type", r.ledger_type);
  w.key("unit");
  w.begin_object();
  w.field("id", r.unit_id);
  w.field("name", r.unit_name);
  w.end_object();
  w.key("enterprise");
  if (r.enterprise_id) {
    w.begin_object();
    w.field("id", *r.enterprise_id);
    w.field("name", r.enterprise_name);
    w.end_object();
  } else {
    w.null();
  }
  w.field("status", r.status);
  w.field("title", r.title);
  w.key("location");
  if (r.location) {
    w.begin_object();
    w.field("lng", r.location->lng);
    w.field("lat", r.location->lat);
    w.end_object();
  } else {
    w.null();
  }
  w.key("fields");
  write_fields(w, t, r.fields);
  w.field("version", r.version);
  w.field("created_at", r.created_at);
  w.field("updated_at", r.updated_at);
  if (actions) {
    w.key("actions");
    w.begin_array();
    for (const auto& a : *actions) w.value(a);
    w.end_array();
  }
  w.end_object();
}

}  // namespace

json::object ledger_row_view(const LedgerType& t, const LedgerRow& r,
                             const std::vector<std::string>& actions) {
  DomWriter w;
  write_row(w, t, r, &actions);
  return std::move(w.release().as_object());
}

json::value ledger_row_audit_view(const LedgerType& t, const LedgerRow& r) {
  DomWriter w;
  write_row(w, t, r, nullptr);
  return w.release();
}

void write_ledger_row_json(JsonWriter& w, const LedgerType& t, const LedgerRow& r,
                           const std::vector<std::string>& actions) {
  write_row(w, t, r, &actions);
}

json::object record_file_view(const RecordFile& f) {
  const std::string url = "/api/v1/record-files/" + std::to_string(f.id);
  const EvidenceRecord* e = f.evidence ? &*f.evidence : nullptr;
  json::value gps = nullptr;
  if (e && e->gps_lat && e->gps_lon) gps = json::object{{"lat", *e->gps_lat}, {"lon", *e->gps_lon}};
  return json::object{{"id", f.id},
                      {"kind", f.kind},
                      {"filename", f.filename},
                      {"content_type", f.content_type},
                      {"size_bytes", f.size_bytes},
                      {"sha256", f.sha256},
                      {"url", url},
                      {"thumbnail_url", e && e->thumbnail_sha256 ? json::value(url + "/thumbnail") : nullptr},
                      {"taken_at", e && e->taken_at ? json::value(*e->taken_at) : nullptr},
                      {"gps", std::move(gps)},
                      {"event_id", f.event_id ? json::value(*f.event_id) : nullptr},
                      {"uploaded_by", json::object{{"id", f.uploaded_by}, {"name", f.uploader_name}}},
                      {"created_at", f.created_at}};
}

namespace {

json::object import_params_view(const Params& p) {
  json::object o;
  for (const auto& [k, v] : p) o[k] = v;
  return o;
}

}  // namespace

json::object ledger_import_report_view(const LedgerImportReport& r) {
  json::array headers, mapping, ignored, details;
  for (const auto& h : r.headers) headers.push_back(json::value(h));
  for (const auto& m : r.mapping) mapping.push_back(json::value(m));
  for (const auto& m : r.ignored_columns) ignored.push_back(json::value(m));
  for (const auto& d : r.details) {
    json::array issues;
    for (const auto& i : d.issues)
      issues.push_back(json::object{{"column", i.column},
                                    {"field", i.field},
                                    {"code", i.code},
                                    {"message", i.message},
                                    {"params", import_params_view(i.params)}});
    details.push_back(json::object{{"row", d.row},
                                   {"outcome", d.outcome},
                                   {"id", d.id ? json::value(*d.id) : json::value(nullptr)},
                                   {"title", d.title},
                                   {"issues", std::move(issues)}});
  }
  return json::object{{"ledger_type", r.ledger_type},
                      {"format", r.format},
                      {"headers", std::move(headers)},
                      {"mapping", std::move(mapping)},
                      {"ignored_columns", std::move(ignored)},
                      {"rows", r.rows},
                      {"new", r.new_rows},
                      {"changed", r.changed},
                      {"unchanged", r.unchanged},
                      {"errors", r.errors},
                      {"written", r.written},
                      {"details", std::move(details)}};
}

}  // namespace lantian::app
