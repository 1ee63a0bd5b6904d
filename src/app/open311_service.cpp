#include "app/open311_service.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/crypto.h"
#include "core/text.h"
#include "core/work_areas.h"
#include "core/workflows.h"
#include "store/open311_repo.h"
#include "store/problems_repo.h"

namespace lantian::app {
namespace {

constexpr std::string_view kPublic = "public";
constexpr std::chrono::seconds kWindow{60};

// "2017-11-15T01:00:00.000Z" as "2017-11-15T09:00:00+08:00": Open311 wants
// W3C date-times with a zone; the district reads Beijing time.
std::string beijing(const std::string& utc) {
  auto t = parse_time(utc);
  if (!t) return {};
  std::string s = format_shanghai(*t);  // "2017-11-15 09:00:00"
  s[10] = 'T';
  return s + "+08:00";
}

std::string notice_for(const Problem& p) {
  return "已登记为" + p.number + "，区攻坚办核实后交办责任单位办理";
}

std::optional<double> number(std::string_view s) {
  std::string t = trim(s);
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool plausible_email(std::string_view s) {
  auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= s.size() || s.find('@', at + 1) != s.npos)
    return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '<' || c == '>'; });
}

bool web_address(std::string_view s) {
  auto lower = [](std::string_view x) {
    std::string out(x);
    for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string head = lower(s.substr(0, 8));
  bool scheme = head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
  return scheme && s.size() > 8 &&
         std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

// The reporter's name as a Chinese reader writes it: surname first without a
// space when either part is Chinese (王 + 建国 = 王建国), else "first last".
std::string full_name(const std::string& first, const std::string& last) {
  std::string f = trim(first), l = trim(last);
  if (f.empty() || l.empty()) return f.empty() ? l : f;
  auto ascii = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
  };
  return ascii(f) && ascii(l) ? f + " " + l : l + f;
}

// A one-line title for the office's lists: the description's first line,
// shortened; the service's name when the reporter wrote nothing.
std::string title_for(const std::string& description, const ProblemType& type) {
  std::string line = description.substr(0, description.find_first_of("\r\n"));
  std::replace(line.begin(), line.end(), '\t', ' ');
  line = trim(line);
  if (line.empty()) return type.label.zh + "（群众举报）";
  return shorten_text(line, 40);
}

// ProblemService names fields after the problem; the client knows the
// Open311 parameters.
std::string open311_field(const std::string& problem_field) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"problem_type", "service_code"}, {"title", "description"},       {"address", "address_string"},
      {"reporter_name", "first_name"},  {"reporter_phone", "phone"},    {"reporter_email", "email"},
      {"location", "location"},         {"description", "description"},
  };
  for (const auto& [from, to] : kNames)
    if (problem_field == from) return std::string(to);
  return problem_field;
}

Error renamed(Error e) {
  std::vector<FieldError> out;
  for (auto& f : e.fields) {
    f.field = open311_field(f.field);
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const FieldError& o) { return o.field == f.field && o.code == f.code; });
    if (!seen) out.push_back(std::move(f));
  }
  e.fields = std::move(out);
  return e;
}

std::string type_names() {
  std::string out;
  for (const auto& t : problem_rules().types) out += (out.empty() ? "" : ", ") + t.name;
  return out;
}

Open311ServiceInfo info_of(const ProblemType& t) {
  const WorkAreaDef* area = find_work_area(t.work_area);
  std::string area_zh = area ? std::string(area->name_zh) : t.work_area;
  Open311ServiceInfo s;
  s.code = t.name;
  s.name = t.label.zh;
  s.description = "举报" + t.label.zh + "问题（" + t.label.en + "）";
  s.keywords = t.label.en + ", " + area_zh + (area ? ", " + std::string(area->name_en) : std::string());
  s.group = area_zh;
  return s;
}

Open311Request view_of(const Problem& p, const store::open311::RequestExtras* extras) {
  const WorkflowState* state = problem_workflow().state(p.status);
  const ProblemType* type = problem_rules().type(p.problem_type);
  Open311Request r;
  r.id = p.id;
  r.closed = state && Open311Service::closed_state(*state);
  r.status_notes = state ? state->label.zh : p.status;
  r.service_name = type ? type->label.zh : p.problem_type;
  r.service_code = p.problem_type;
  r.description = p.description;
  r.agency_responsible = p.unit_name;
  r.service_notice = notice_for(p);
  r.requested_datetime = beijing(p.created_at);
  r.updated_datetime = beijing(p.updated_at);
  // The deadline is a Beijing day: the request is expected done by its end.
  if (!p.deadline.empty()) r.expected_datetime = p.deadline + "T23:59:59+08:00";
  r.address = p.address;
  r.location = p.location;
  if (extras) r.media_url = extras->media_url;
  return r;
}

}  // namespace

Open311Service::Open311Service(store::Database& db, const Clock& clock, ProblemService& problems,
                               Open311Options options)
    : db_(db), clock_(clock), problems_(problems), options_(std::move(options)) {
  for (const auto& k : options_.keys) key_hashes_.push_back(sha256_hex(k));
}

bool Open311Service::closed_state(const WorkflowState& s) { return s.final || (s.done && s.frozen); }

std::vector<Open311ServiceInfo> Open311Service::services() const {
  std::vector<Open311ServiceInfo> out;
  for (const auto& t : problem_rules().types) out.push_back(info_of(t));
  return out;
}

Result<Open311ServiceInfo> Open311Service::service(std::string_view code) const {
  const ProblemType* t = problem_rules().type(code);
  if (!t) return Error::make("service_not_found", {{"code", std::string(code)}});
  return info_of(*t);
}

std::string Open311Service::key_hash(std::string_view api_key) const {
  if (api_key.empty()) return {};
  std::string h = sha256_hex(api_key);
  // Every configured key is compared, in constant time, so that the answer
  // takes as long whichever key (if any) matches.
  bool found = false;
  for (const auto& k : key_hashes_) found = constant_time_equal(h, k) || found;
  return found ? h : std::string();
}

Status Open311Service::count(const std::string& hash) {
  const TimePoint now = clock_.now();
  store::open311::Window w;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(w, store::open311::count_request(tx, hash, format_utc(now), format_utc(now - kWindow)));
    return {};
  }));
  if (w.requests <= options_.requests_per_minute) return {};
  int64_t retry = kWindow.count();
  if (auto start = parse_time(w.window_start))
    retry = std::chrono::ceil<std::chrono::seconds>(*start + kWindow - now).count();
  return Error::make("rate_limited", {{"limit", std::to_string(options_.requests_per_minute)},
                                      {"retry_after", std::to_string(std::max<int64_t>(retry, 1))}});
}

Result<Open311Receipt> Open311Service::submit(const Open311Submission& in,
                                              const std::string& client_address) {
  if (key_hashes_.empty()) return Error::make("open311_disabled");
  const std::string hash = key_hash(in.api_key);
  if (hash.empty()) return Error::make("api_key_invalid");
  LT_TRY(count(hash));

  std::vector<FieldError> errors;
  auto bad = [&](std::string field, Issue i) { errors.push_back({std::move(field), std::move(i)}); };
  const ProblemType* type = problem_rules().type(trim(in.service_code));
  if (trim(in.service_code).empty())
    bad("service_code", issue("required"));
  else if (!type)
    bad("service_code", issue("one_of", {{"values", type_names()}}));
  std::optional<LocationInput> location;
  const bool has_lat = !trim(in.lat).empty(), has_lng = !trim(in.lng).empty();
  if (has_lat != has_lng) {
    bad(has_lat ? "long" : "lat", issue("required"));
  } else if (has_lat) {
    auto lat = number(in.lat), lng = number(in.lng);
    if (!lat) bad("lat", issue("not_a_number"));
    if (!lng) bad("long", issue("not_a_number"));
    if (lat && std::abs(*lat) > 90) bad("lat", issue("out_of_range", {{"min", "-90"}, {"max", "90"}}));
    if (lng && std::abs(*lng) > 180) bad("long", issue("out_of_range", {{"min", "-180"}, {"max", "180"}}));
    // GeoReport's lat/long are WGS-84 (GPS), as the problem stores them.
    if (lat && lng && std::abs(*lat) <= 90 && std::abs(*lng) <= 180)
      location = LocationInput{LngLat{*lng, *lat}, Datum::wgs84};
  }
  if (!has_lat && !has_lng && trim(in.address_string).empty()) bad("location", issue("location_required"));
  const std::string email = trim(in.email), media_url = trim(in.media_url);
  if (!email.empty() && !plausible_email(email)) bad("email", issue("not_an_email"));
  if (!media_url.empty()) {
    if (auto m = check_text(media_url, 500, false))
      bad("media_url", *m);
    else if (!web_address(media_url))
      bad("media_url", issue("not_a_web_address"));
  }
  const std::string device_id = trim(in.device_id), account_id = trim(in.account_id);
  if (auto m = check_text(device_id, 100, false)) bad("device_id", *m);
  if (auto m = check_text(account_id, 100, false)) bad("account_id", *m);
  if (!errors.empty()) return Error::validation(std::move(errors));

  ProblemInput p;
  p.source = std::string(kPublic);
  p.problem_type = type->name;
  p.description = in.description;
  p.title = title_for(trim(in.description), *type);
  p.address = in.address_string;
  p.location = location;
  p.reporter_name = full_name(in.first_name, in.last_name);
  p.reporter_phone = in.phone;
  p.reporter_email = email;
  Actor system = Actor::system(client_address);
  system.username = system.name = "open311";
  const std::string now = format_utc(clock_.now());
  store::open311::RequestExtras extras{0, hash.substr(0, 12), media_url, device_id, account_id, now};
  auto created = problems_.create(system, p, [&](store::Tx& tx, const Problem& stored) -> Status {
    extras.problem_id = stored.id;
    return store::open311::insert_request(tx, extras);
  });
  if (!created.ok()) return renamed(created.take_error());
  return Open311Receipt{created->problem.id, notice_for(created->problem), account_id};
}

Result<std::vector<Open311Request>> Open311Service::requests(const Open311Query& q) {
  if (int64_t(q.ids.size()) > kMaxRequests)
    return Error::field("service_request_id", issue("too_many", {{"max", std::to_string(kMaxRequests)}}));
  const WorkflowDef& wf = problem_workflow();
  store::problems::Filter f;
  f.source = std::string(kPublic);
  bool want_open = false, want_closed = false;
  for (const auto& s : q.statuses) {
    if (s != "open" && s != "closed")
      return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});
    (s == "open" ? want_open : want_closed) = true;
  }
  if (want_open != want_closed)
    for (const auto& s : wf.states)
      if (closed_state(s) == want_closed) f.statuses.push_back(s.name);
  std::vector<std::string> codes;
  for (const auto& c : q.service_codes) {
    if (!problem_rules().type(c))
      return Error::make("query_unknown_value", {{"name", "service_code"}, {"value", c}});
    if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  if (q.start && q.end && *q.start > *q.end)
    return Error::make("query_unknown_value", {{"name", "end_date"}, {"value", format_utc(*q.end)}});
  const auto window = std::chrono::days(kDefaultDays);
  TimePoint from = q.start ? *q.start : (q.end ? *q.end : clock_.now()) - window;
  f.created_from = format_utc(from);
  // The store's upper bound is exclusive; end_date is inclusive.
  if (q.end) f.created_to = format_utc(*q.end + std::chrono::milliseconds(1));
  store::Page page;
  page.per_page = kMaxRequests;
  page.with_total = false;

  std::vector<Problem> found;
  std::map<int64_t, store::open311::RequestExtras> extras;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    if (!q.ids.empty()) {
      for (int64_t id : q.ids) {
        if (std::any_of(found.begin(), found.end(), [&](const Problem& p) { return p.id == id; })) continue;
        LT_ASSIGN(auto p, store::problems::get(tx, id));
        if (p && p->source == kPublic) found.push_back(std::move(*p));
      }
    } else if (codes.size() <= 1) {
      if (!codes.empty()) f.problem_type = codes[0];
      LT_ASSIGN(auto list, store::problems::list(tx, f, page));
      found = std::move(list.items);
    } else {
      // One newest-first page per service, merged: the newest kMaxRequests of them all.
      for (const auto& c : codes) {
        f.problem_type = c;
        LT_ASSIGN(auto list, store::problems::list(tx, f, page));
        for (auto& p : list.items) found.push_back(std::move(p));
      }
      std::sort(found.begin(), found.end(), [](const Problem& a, const Problem& b) { return a.id > b.id; });
      if (int64_t(found.size()) > kMaxRequests) found.resize(size_t(kMaxRequests));
    }
    std::vector<int64_t> ids;
    for (const auto& p : found) ids.push_back(p.id);
    LT_ASSIGN(extras, store::open311::requests_for(tx, ids));
    return {};
  }));
  std::vector<Open311Request> out;
  out.reserve(found.size());
  for (const auto& p : found) {
    auto it = extras.find(p.id);
    out.push_back(view_of(p, it == extras.end() ? nullptr : &it->second));
  }
  return out;
}

Result<Open311Request> Open311Service::request(int64_t id) {
  std::optional<Problem> found;
  std::map<int64_t, store::open311::RequestExtras> extras;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(found, store::problems::get(tx, id));
    if (found && found->source == kPublic) {
      LT_ASSIGN(extras, store::open311::requests_for(tx, {id}));
    }
    return {};
  }));
  if (!found || found->source != kPublic) return Error::make("service_request_not_found");
  auto it = extras.find(id);
  return view_of(*found, it == extras.end() ? nullptr : &it->second);
}

}  // namespace lantian::app
