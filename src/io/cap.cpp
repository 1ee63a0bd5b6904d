#include "io/cap.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

namespace lantian::io {
namespace {

constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

void text(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(value.c_str());
}
void optional_text(pugi::xml_node parent, const char* name, const std::string& value) {
  if (!value.empty()) text(parent, name, value);
}
void pairs(pugi::xml_node parent, const char* name,
           const std::vector<std::pair<std::string, std::string>>& v) {
  for (const auto& [k, val] : v) {
    pugi::xml_node n = parent.append_child(name);
    text(n, "valueName", k);
    text(n, "value", val);
  }
}

}  // namespace

std::string cap_time(TimePoint t) {
  const auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::hours(8);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string cap_polygon(const Ring& ring) {
  std::string out;
  for (const auto& p : ring) out += fmt::format("{}{:.6f},{:.6f}", out.empty() ? "" : " ", p.lat, p.lng);
  if (!ring.empty() && (ring.front().lat != ring.back().lat || ring.front().lng != ring.back().lng))
    out += fmt::format(" {:.6f},{:.6f}", ring.front().lat, ring.front().lng);
  return out;
}

std::string write_cap(const CapMessage& m) {
  pugi::xml_document doc;
  pugi::xml_node alert = doc.append_child("alert");
  alert.append_attribute("xmlns") = kCapNamespace;
  // The schema's order: identifier, sender, sent, status, msgType, source,
  // scope, restriction, addresses, code, note, references, incidents, info.
  text(alert, "identifier", m.identifier);
  text(alert, "sender", m.sender);
  text(alert, "sent", m.sent);
  text(alert, "status", m.status);
  text(alert, "msgType", m.msg_type);
  text(alert, "scope", m.scope);
  optional_text(alert, "note", m.note);
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references)
      refs += (refs.empty() ? "" : " ") + r.sender + "," + r.identifier + "," + r.sent;
    text(alert, "references", refs);
  }
  for (const auto& i : m.infos) {
    // language, category, event, responseType, urgency, severity, certainty,
    // audience, eventCode, effective, onset, expires, senderName, headline,
    // description, instruction, web, contact, parameter, resource, area.
    pugi::xml_node info = alert.append_child("info");
    text(info, "language", i.language);
    text(info, "category", i.category);
    text(info, "event", i.event);
    optional_text(info, "responseType", i.response_type);
    text(info, "urgency", i.urgency);
    text(info, "severity", i.severity);
    text(info, "certainty", i.certainty);
    pairs(info, "eventCode", i.event_codes);
    optional_text(info, "effective", i.effective);
    optional_text(info, "expires", i.expires);
    optional_text(info, "senderName", i.sender_name);
    optional_text(info, "headline", i.headline);
    optional_text(info, "description", i.description);
    optional_text(info, "instruction", i.instruction);
    optional_text(info, "web", i.web);
    pairs(info, "parameter", i.parameters);
    for (const auto& a : i.areas) {
      pugi::xml_node area = info.append_child("area");
      text(area, "areaDesc", a.desc);
      for (const auto& ring : a.polygons)
        if (ring.size() >= 3) text(area, "polygon", cap_polygon(ring));
      pairs(area, "geocode", a.geocodes);
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

}  // namespace lantian::io
