// Internal to src/io: the XML side of reading .xlsx parts with pugixml.
// Element names are matched without their namespace prefix: the Open XML SDK
// writes <x:row>, Excel writes <row>.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lantian::io {

// "x:row" -> "row".
std::string_view local_name(const char* name);
// The first child element with local name `name`, or a null node.
pugi::xml_node child(pugi::xml_node n, std::string_view name);
// Calls f on each child element with local name `name`, in order.
template <typename F>
void for_each_child(pugi::xml_node n, std::string_view name, F&& f) {
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c.name()) == name) f(c);
}
// The relationship id attribute (r:id), whatever its prefix; "" if none.
const char* rel_id(pugi::xml_node n);

// Parsing options shared by every part: whitespace-only text is kept when it
// is an element's only content (<t xml:space="preserve"> </t>), and such text
// lives in its element instead of a node of its own, which takes a third off
// the DOM of a sheet (every <v> holds one).
constexpr unsigned kParseFlags =
    pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata;

// Parses a copy of `text` into doc. Errors: invalid, naming the part and the
// byte offset.
Status parse_xml(std::string_view text, const std::string& part, pugi::xml_document& doc);

// The coded error for a file that is not a readable workbook:
// not_xlsx {reason}, "not an .xlsx file (<reason>)".
Error not_xlsx(std::string reason);

// The text of a shared string item <si> or an inline <is>: plain <t>, or
// rich text runs <r><t> concatenated; phonetic guides (<rPh>) are not text.
// Excel's _xHHHH_ escapes are decoded.
std::string string_item(pugi::xml_node si);
// Decodes _xHHHH_ (Excel's escape for characters XML cannot carry).
std::string decode_escapes(std::string s);

// A large part cut up so that its items (<row>s of a sheet, <si>s of the
// shared strings) can be parsed a piece at a time: a DOM is several times
// the size of its XML, and one small reused DOM saves most of the page
// faults of a fresh heap, which cost more than the parsing.
struct SplitXml {
  std::string outer;                    // the document with the container's content removed
  std::vector<std::string_view> items;  // pieces of the original text, each whole <item> elements
};
// Splits at the end tags of `item` inside the first element named
// `container`. nullopt when cutting by plain search is not safe (comments,
// CDATA, processing instructions, a DTD, an encoding other than UTF-8) or
// there is no such container; the caller then parses the whole document.
std::optional<SplitXml> split_xml(std::string_view xml, std::string_view container, std::string_view item,
                                  size_t piece_bytes);

}  // namespace lantian::io
