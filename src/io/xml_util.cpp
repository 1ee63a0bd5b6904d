#include "io/xml_util.h"

#include <fmt/format.h>

#include <cstring>

namespace lantian::io {

namespace {

// All character data of an element: text embedded in it (kParseFlags), or
// text and CDATA children.
void append_text(pugi::xml_node n, std::string& out) {
  out += n.value();
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':' || (c & 0x80);
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of the tag starting at `lt` ('<'), just past its '>', skipping
// quoted attribute values (which may hold '>'); npos if unterminated.
size_t tag_end(std::string_view xml, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < xml.size(); ++i) {
    char c = xml[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The start tag of the element with local name `name`: position of its '<'
// and its qualified name, or npos.
size_t find_start_tag(std::string_view xml, std::string_view name, std::string& qname) {
  for (size_t at = xml.find(name); at != std::string_view::npos; at = xml.find(name, at + 1)) {
    size_t after = at + name.size();
    if (after >= xml.size() || !(space(xml[after]) || xml[after] == '>' || xml[after] == '/')) continue;
    size_t begin = at;
    if (begin > 0 && xml[begin - 1] == ':') {
      --begin;
      while (begin > 0 && name_char(xml[begin - 1]) && xml[begin - 1] != ':') --begin;
    }
    if (begin == 0 || xml[begin - 1] != '<') continue;
    qname = std::string(xml.substr(begin, after - begin));
    return begin - 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view local_name(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? colon + 1 : name;
}

pugi::xml_node child(pugi::xml_node n, std::string_view name) {
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
  return {};
}

const char* rel_id(pugi::xml_node n) {
  for (auto a = n.first_attribute(); a; a = a.next_attribute())
    if (std::strchr(a.name(), ':') && local_name(a.name()) == "id") return a.value();
  return "";
}

Error not_xlsx(std::string reason) { return Error::make("not_xlsx", {{"reason", std::move(reason)}}); }

Status parse_xml(std::string_view text, const std::string& part, pugi::xml_document& doc) {
  auto r = doc.load_buffer(text.data(), text.size(), kParseFlags, pugi::encoding_auto);
  if (!r)
    return not_xlsx(fmt::format("{} is not well-formed XML: {} at byte {}", part, r.description(), r.offset));
  return Status::success();
}

// Excel writes characters XML cannot carry (a carriage return, control
// characters) as _xHHHH_, and a literal "_x" as _x005F_x.
std::string decode_escapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int a = hex(s[i + 2]), b = hex(s[i + 3]), c = hex(s[i + 4]), d = hex(s[i + 5]);
      if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
        uint32_t cp = uint32_t(a << 12 | b << 8 | c << 4 | d);
        if (cp < 0xD800 || cp > 0xDFFF) {
          append_utf8(cp, out);
          i += 6;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

std::string string_item(pugi::xml_node si) {
  std::string out;
  for (auto c = si.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    auto n = local_name(c.name());
    if (n == "t")
      append_text(c, out);
    else if (n == "r")
      for_each_child(c, "t", [&](pugi::xml_node t) { append_text(t, out); });
  }
  return decode_escapes(std::move(out));
}

std::optional<SplitXml> split_xml(std::string_view xml, std::string_view container, std::string_view item,
                                  size_t piece_bytes) {
  // Past the declaration there must be no "<!" or "<?": then every "</" in
  // the text is an end tag, and the search below cannot be fooled.
  size_t body = xml.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  if (xml.compare(body, 5, "<?xml") == 0) {
    size_t end = xml.find("?>", body);
    if (end == std::string_view::npos) return std::nullopt;
    auto decl = xml.substr(body, end - body);
    auto enc = decl.find("encoding");
    if (enc != std::string_view::npos) {
      auto v = decl.substr(enc + 8);
      auto q = v.find_first_of("\"'");
      if (q == std::string_view::npos) return std::nullopt;
      auto name = v.substr(q + 1, 5);
      if (!(name == "UTF-8" || name == "utf-8" || name == "Utf-8")) return std::nullopt;
    }
    body = end + 2;
  }
  if (xml.find("<!", body) != std::string_view::npos || xml.find("<?", body) != std::string_view::npos)
    return std::nullopt;

  std::string qname;
  size_t start = find_start_tag(xml, container, qname);
  if (start == std::string_view::npos || start < body) return std::nullopt;
  size_t content = tag_end(xml, start);
  if (content == std::string_view::npos || xml[content - 2] == '/') return std::nullopt;
  size_t close = xml.find("</" + qname, content);
  if (close == std::string_view::npos) return std::nullopt;

  SplitXml split;
  split.outer.reserve(content + (xml.size() - close));
  split.outer.append(xml.substr(0, content)).append(xml.substr(close));
  // Items carry the container's prefix, as every writer does; if not, the
  // search finds no end and they come as one piece.
  std::string item_end = "</" + qname.substr(0, qname.size() - container.size()) + std::string(item) + ">";
  for (size_t pos = content; pos < close;) {
    size_t cut = close;
    if (close - pos > piece_bytes) {
      size_t e = xml.find(item_end, pos + piece_bytes);
      if (e != std::string_view::npos && e < close) cut = e + item_end.size();
    }
    split.items.push_back(xml.substr(pos, cut - pos));
    pos = cut;
  }
  return split;
}

}  // namespace lantian::io
