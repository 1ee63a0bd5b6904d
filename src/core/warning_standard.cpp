#include "core/warning_standard.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/installed.h"
#include "core/toml_reader.h"
#include "core/workflows.h"

namespace lantian {
using namespace toml_reader;

namespace {

constexpr std::string_view kPollutantCodes[kReductionPollutants] = {"so2", "nox", "pm", "vocs"};

// The response levels, lowest first: rank 1 of a four-level standard is IV.
struct ResponseDef {
  std::string_view code, zh, en;
};
constexpr ResponseDef kResponses[] = {
    {"IV", "Ⅳ级响应", "Level IV response"},
    {"III", "Ⅲ级响应", "Level III response"},
    {"II", "Ⅱ级响应", "Level II response"},
    {"I", "Ⅰ级响应", "Level I response"},
};
int response_order(std::string_view code) {  // 0 = IV … 3 = I; -1 unknown
  for (size_t i = 0; i < std::size(kResponses); ++i)
    if (kResponses[i].code == code) return int(i);
  return -1;
}

// CAP 1.2's lists (OASIS CAP-V1.2 §3.2.2).
constexpr std::string_view kUrgency[] = {"Immediate", "Expected", "Future", "Past", "Unknown"};
constexpr std::string_view kSeverity[] = {"Extreme", "Severe", "Moderate", "Minor", "Unknown"};
constexpr std::string_view kCertainty[] = {"Observed", "Likely", "Possible", "Unlikely", "Unknown"};

bool hex_color(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string one_of(std::span<const std::string_view> list) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// An integer key within [lo, hi]; required or `dflt`.
int bounded(Reader& r, std::string_view key, int lo, int hi, bool required, int dflt) {
  auto v = r.integer(key);
  if (!v) {
    if (required && !r.node(key)) r.p.add(&r.t, r.where + fmt::format("missing \"{}\"", key));
    return dflt;
  }
  if (*v < lo || *v > hi) {
    r.p.add(r.node(key), r.where + fmt::format("\"{}\" must be {}..{}, not {}", key, lo, hi, *v));
    return dflt;
  }
  return int(*v);
}

WarningClause read_clause(const toml::node& n, int episode_above, Problems& p, const std::string& where) {
  WarningClause c;
  const toml::table* t = n.as_table();
  if (!t) {
    p.add(&n, where + "a clause is { above = 200, days = 2 } or { at_least = 500, days = 1 }");
    return c;
  }
  Reader r{*t, p, where};
  check_keys(*t, {"above", "at_least", "days"}, p, where);
  const bool above = t->contains("above"), at_least = t->contains("at_least");
  if (above == at_least) {
    p.add(t, where + "a clause names one of \"above\" and \"at_least\"");
    return c;
  }
  c.inclusive = at_least;
  const std::string_view key = at_least ? "at_least" : "above";
  // Past these no AQI passes: AQI is 0..500.
  const int hi = at_least ? kMaxAqi : kMaxAqi - 1;
  auto v = r.integer(key);
  if (v && (*v < 0 || *v > hi))
    p.add(r.node(key),
          where + fmt::format("\"{}\" = {}: no forecast could meet it (AQI is 0..{})", key, *v, kMaxAqi));
  else if (v && (c.inclusive ? *v - 1 : *v) < episode_above)
    p.add(r.node(key),
          where + fmt::format("\"{}\" = {} is below the episode's threshold ({}): every day of an "
                              "episode passes it; count the episode's days with above = {}",
                              key, *v, episode_above, episode_above));
  if (v) c.threshold = int(*v);
  auto d = r.integer("days");
  if (!d && !t->contains("days")) p.add(t, where + "missing \"days\"");
  if (d && (*d < 1 || *d > kMaxForecastDays))
    p.add(r.node("days"), where + fmt::format("\"days\" = {}: no forecast could meet it (a forecast has "
                                              "1..{} days)",
                                              *d, kMaxForecastDays));
  else if (d)
    c.days = int(*d);
  return c;
}

void read_level(const toml::table& t, const WarningStandard& s, Problems& p, WarningLevel& l) {
  Reader r{t, p, "level: "};
  l.code = r.str("code", true);
  r.where = fmt::format("level \"{}\": ", l.code);
  check_keys(t, {"code", "label", "color", "rank", "response", "lead_hours", "reduction", "cap", "when"}, p,
             r.where);
  if (!l.code.empty() && !snake_name(l.code))
    p.add(r.node("code"), r.where + "code must be lower_snake_case");
  l.label = r.label();
  l.color = r.str("color", true);
  if (!l.color.empty() && !hex_color(l.color))
    p.add(r.node("color"), r.where + fmt::format("color \"{}\" is not #rrggbb", l.color));
  l.rank = bounded(r, "rank", 1, 100, true, 0);
  l.response = r.str("response", true);
  if (!l.response.empty() && response_order(l.response) < 0)
    p.add(r.node("response"), r.where + fmt::format("response \"{}\" is not IV, III, II or I", l.response));
  l.lead_hours = bounded(r, "lead_hours", 0, 240, false, 0);
  if (const toml::node* n = r.node("reduction")) {
    if (const toml::table* rt = n->as_table()) {
      Reader rr{*rt, p, r.where + "reduction: "};
      check_keys(*rt, {"so2", "nox", "pm", "vocs"}, p, rr.where);
      for (int i = 0; i < kReductionPollutants; ++i)
        l.reduction[size_t(i)] = bounded(rr, kPollutantCodes[i], 0, 100, true, 0);
    } else {
      p.add(n, r.where + "reduction must be { so2 = …, nox = …, pm = …, vocs = … } (per cent)");
    }
  } else {
    p.add(&t, r.where + "missing \"reduction\"");
  }
  if (const toml::node* n = r.node("cap")) {
    if (const toml::table* ct = n->as_table()) {
      Reader cr{*ct, p, r.where + "cap: "};
      check_keys(*ct, {"urgency", "severity", "certainty"}, p, cr.where);
      auto pick = [&](std::string_view key, std::span<const std::string_view> list) {
        std::string v = cr.str(key, true);
        if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end())
          p.add(cr.node(key), cr.where + fmt::format("{} \"{}\" is not one of {}", key, v, one_of(list)));
        return v;
      };
      l.cap.urgency = pick("urgency", kUrgency);
      l.cap.severity = pick("severity", kSeverity);
      l.cap.certainty = pick("certainty", kCertainty);
    } else {
      p.add(n, r.where + "cap must be { urgency = …, severity = …, certainty = … }");
    }
  } else {
    p.add(&t, r.where + "missing \"cap\"");
  }
  for (const toml::table* w : tables(t, "when", p)) {
    check_keys(*w, {"all"}, p, r.where + "when: ");
    WarningCondition cond;
    const toml::node* all = w->get("all");
    const toml::array* a = all ? all->as_array() : nullptr;
    if (!a || a->empty()) {
      p.add(all ? all : w, r.where + "when: \"all\" must list at least one clause");
      continue;
    }
    for (const auto& e : *a) cond.all.push_back(read_clause(e, s.episode_above, p, r.where + "clause: "));
    l.when.push_back(std::move(cond));
  }
  if (l.when.empty()) p.add(&t, r.where + "a level needs a condition ([[levels.when]] all = [...])");
}

}  // namespace

std::string_view reduction_pollutant_code(ReductionPollutant p) { return kPollutantCodes[int(p)]; }

Label response_label(std::string_view response) {
  for (const auto& r : kResponses)
    if (r.code == response) return {std::string(r.zh), std::string(r.en)};
  return {};
}

const WarningLevel* WarningStandard::level(std::string_view code) const {
  for (const auto& l : levels)
    if (l.code == code) return &l;
  return nullptr;
}

std::vector<RequiredReduction> required_reductions(const WarningStandard& s) {
  std::vector<RequiredReduction> out;
  for (const auto& l : s.levels) out.push_back({l.code, l.rank, l.reduction});
  return out;
}

Result<WarningStandard> parse_warning_standard(std::string_view text, std::string_view source) {
  const std::string src(source);
  Problems p(src);
  toml::table root;
  try {
    root = toml::parse(text, src);
  } catch (const toml::parse_error& e) {
    return Error::invalid(
        fmt::format("{}:{}:{}: {}", src, e.source().begin.line, e.source().begin.column, e.description()));
  }
  WarningStandard s;
  Reader r{root, p, ""};
  check_keys(root, {"name", "label", "source", "episode", "levels"}, p, "");
  s.name = r.str("name", true);
  if (!s.name.empty() && !snake_name(s.name)) p.add(r.node("name"), "name must be lower_snake_case");
  s.label = r.label();
  s.source = r.str("source", false);
  if (const toml::node* n = r.node("episode"); n && n->as_table()) {
    Reader er{*n->as_table(), p, "episode: "};
    check_keys(*n->as_table(), {"above"}, p, er.where);
    s.episode_above = bounded(er, "above", 0, kMaxAqi - 1, true, s.episode_above);
  } else {
    p.add(n ? n : &root, "missing [episode] above = 200 (the AQI an episode's days are above)");
  }
  std::set<std::string, std::less<>> codes;
  for (const toml::table* t : tables(root, "levels", p)) {
    WarningLevel l;
    read_level(*t, s, p, l);
    const toml::node* at = t->get("code") ? t->get("code") : t;
    if (!l.code.empty() && !codes.insert(l.code).second)
      p.add(at, fmt::format("level \"{}\": duplicate code", l.code));
    // Ordered: ranks 1, 2, 3… in file order, response levels rising with
    // them, no higher level asking less of any pollutant.
    const std::string where = fmt::format("level \"{}\": ", l.code);
    const toml::node* rank_at = t->get("rank") ? t->get("rank") : t;
    if (l.rank && l.rank != int(s.levels.size()) + 1)
      p.add(rank_at, where + fmt::format("rank {} out of order: levels are listed lowest first with ranks 1, "
                                         "2, 3…; expected {}",
                                         l.rank, s.levels.size() + 1));
    if (!s.levels.empty()) {
      const WarningLevel& prev = s.levels.back();
      const int po = response_order(prev.response), lo = response_order(l.response);
      if (po >= 0 && lo >= 0 && lo <= po)
        p.add(t->get("response") ? t->get("response") : t,
              where + fmt::format("response {} is not above the lower level \"{}\"'s ({})", l.response,
                                  prev.code, prev.response));
      for (int i = 0; i < kReductionPollutants; ++i)
        if (l.reduction[size_t(i)] < prev.reduction[size_t(i)])
          p.add(t->get("reduction") ? t->get("reduction") : t,
                where + fmt::format("reduction {} = {} is less than the lower level \"{}\"'s ({})",
                                    kPollutantCodes[i], l.reduction[size_t(i)], prev.code,
                                    prev.reduction[size_t(i)]));
    }
    s.levels.push_back(std::move(l));
  }
  if (s.levels.empty()) p.add(&root, "a standard needs [[levels]]");
  if (s.levels.size() > std::size(kResponses))
    p.add(&root, fmt::format("{} levels: at most {} (response levels IV..I)", s.levels.size(),
                             std::size(kResponses)));
  if (!p.empty()) return p.error();
  return s;
}

namespace {

// Whether the condition holds in the episode's days; fills the clauses met.
bool holds(const WarningCondition& c, std::span<const ForecastDay> days, std::vector<ClauseMet>& met) {
  met.clear();
  for (const auto& cl : c.all) {
    ClauseMet m{cl, {}};
    for (const auto& d : days)
      if (cl.passes(d.aqi)) m.days.push_back(d.day);
    if (int(m.days.size()) < cl.days) return false;
    met.push_back(std::move(m));
  }
  return true;
}

}  // namespace

WarningDecision decide(const WarningStandard& s, std::span<const ForecastDay> days) {
  // By date, the last AQI of a date given twice winning.
  std::map<Date, int> by_day;
  for (const auto& d : days) by_day[d.day] = d.aqi;
  std::vector<ForecastDay> sorted;
  for (const auto& [day, aqi] : by_day) sorted.push_back({day, aqi});

  WarningDecision out;
  size_t i = 0;
  while (i < sorted.size()) {
    if (sorted[i].aqi <= s.episode_above) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j].aqi > s.episode_above &&
           sorted[j].day == sorted[j - 1].day + std::chrono::days(1))
      ++j;
    std::span<const ForecastDay> run(sorted.data() + i, j - i);
    EpisodeDecision e;
    e.episode = {run.front().day, run.back().day, int(run.size()), 0};
    for (const auto& d : run) e.episode.peak = std::max(e.episode.peak, d.aqi);
    for (auto l = s.levels.rbegin(); l != s.levels.rend() && !e.level; ++l)
      for (size_t g = 0; g < l->when.size(); ++g)
        if (holds(l->when[g], run, e.clauses)) {
          e.level = &*l;
          e.group = int(g);
          break;
        }
    if (!e.level) e.clauses.clear();
    if (e.level && (!out.level || e.level->rank > out.level->rank)) {
      out.level = e.level;
      out.episode = out.episodes.size();
    }
    out.episodes.push_back(std::move(e));
    i = j;
  }
  return out;
}

std::string_view shipped_warning_standard() {
  for (const auto& s : shipped_alert_definitions())
    if (s.file == "warning_standard.toml") return s.text;
  return {};
}

namespace {
Result<WarningStandard> load_shipped() {
  return parse_warning_standard(shipped_warning_standard(), "resources/alerts/warning_standard.toml");
}
Installed<WarningStandard>& installed() {
  static Installed<WarningStandard> standard(load_shipped, "warning standard");
  return standard;
}
}  // namespace

void install_warning_standard(WarningStandard s) { installed().install(std::move(s)); }
const WarningStandard& warning_standard() { return installed().get(); }

}  // namespace lantian
