#include "io/atom.h"

#include <pugixml.hpp>
#include <sstream>

namespace lantian::io {
namespace {

void text(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(value.c_str());
}

void link(pugi::xml_node parent, const AtomLink& l) {
  pugi::xml_node n = parent.append_child("link");
  if (!l.rel.empty()) n.append_attribute("rel") = l.rel.c_str();
  if (!l.type.empty()) n.append_attribute("type") = l.type.c_str();
  n.append_attribute("href") = l.href.c_str();
}

}  // namespace

std::string write_atom(const AtomFeed& f) {
  pugi::xml_document doc;
  pugi::xml_node feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  feed.append_attribute("xml:lang") = f.lang.c_str();
  text(feed, "id", f.id);
  text(feed, "title", f.title);
  if (!f.subtitle.empty()) text(feed, "subtitle", f.subtitle);
  text(feed, "updated", f.updated);
  // RFC 4287 §4.1.1: a feed without an author needs one in every entry.
  text(feed.append_child("author"), "name", f.author);
  link(feed, {"self", "application/atom+xml", f.self});
  for (const auto& e : f.entries) {
    pugi::xml_node entry = feed.append_child("entry");
    text(entry, "id", e.id);
    text(entry, "title", e.title);
    text(entry, "updated", e.updated);
    if (!e.published.empty()) text(entry, "published", e.published);
    for (const auto& [term, label] : e.categories) {
      pugi::xml_node c = entry.append_child("category");
      c.append_attribute("term") = term.c_str();
      if (!label.empty()) c.append_attribute("label") = label.c_str();
    }
    for (const auto& l : e.links) link(entry, l);
    if (!e.summary.empty()) text(entry, "summary", e.summary);
    if (!e.content.empty()) {
      pugi::xml_node c = entry.append_child("content");
      c.append_attribute("type") = "text";
      c.text().set(e.content.c_str());
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

}  // namespace lantian::io
