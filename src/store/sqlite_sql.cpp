#include "store/sqlite_sql.h"

#include <cctype>

namespace lantian::store {

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;           // inside '…', "…", or a comment: '-' (to the line's end), '*' (to "*/")
  size_t comment_from = 0;  // a /* comment's first character inside it
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : 0;
    if (quote == '-') {
      if (ch == '\n') quote = 0;
    } else if (quote == '*') {
      if (ch == '/' && i > comment_from && sql[i - 1] == '*') quote = 0;
    } else if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if ((ch == '-' && next == '-') || (ch == '/' && next == '*')) {
      quote = next;
      comment_from = i + 2;
      out += ch;
      out += next;
      ++i;
      continue;
    } else if (ch == '$' && std::isdigit(static_cast<unsigned char>(next))) {
      out += '?';
      continue;
    }
    out += ch;
  }
  return out;
}

}  // namespace lantian::store
