// A feed of alerts in the Atom Syndication Format (RFC 4287), written with
// pugixml (every text escaped): the feed's id, title, updated and author,
// its self link, and one entry per alert with id, title, updated, published,
// summary, content, categories and links (the CAP message as an
// "alternate" of type application/cap+xml, as public alert feeds publish
// CAP).
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace lantian::io {

struct AtomLink {
  std::string rel, type, href;
};

struct AtomEntry {
  std::string id;  // an IRI, unique and permanent ("urn:…")
  std::string title;
  std::string updated;                                          // RFC 3339
  std::string published;                                        // "" = left out
  std::string summary;                                          // plain text; "" = left out
  std::string content;                                          // plain text; "" = left out
  std::vector<std::pair<std::string, std::string>> categories;  // term, label
  std::vector<AtomLink> links;
};

struct AtomFeed {
  std::string id, title, subtitle;
  std::string updated;  // RFC 3339: the newest entry's, or now
  std::string author;   // the feed's author (every entry inherits it)
  std::string self;     // the feed's own URL
  std::string lang = "zh-CN";
  std::vector<AtomEntry> entries;
};

std::string write_atom(const AtomFeed& f);

}  // namespace lantian::io
