// Helpers shared by route handlers: turning error values into problem
// responses and wrapping list pages.
#pragma once

#include <boost/json.hpp>

#include "api/problem.h"
#include "core/error.h"
#include "store/paging.h"

// API_ASSIGN(auto x, expr): x from a Result, or return its problem response.
#define API_ASSIGN(decl, expr) API_ASSIGN_IMPL(LT_CONCAT(api_res_, __LINE__), decl, expr)
#define API_ASSIGN_IMPL(tmp, decl, expr)                      \
  auto tmp = (expr);                                          \
  if (!tmp.ok()) return ::lantian::api::problem(tmp.error()); \
  decl = std::move(tmp).value()
// API_TRY(status_expr): return its problem response on error.
#define API_TRY(expr)                                                     \
  do {                                                                    \
    auto api_try_ = (expr);                                               \
    if (!api_try_.ok()) return ::lantian::api::problem(api_try_.error()); \
  } while (0)

namespace lantian::api {

template <typename T, typename View>
boost::json::object page_json(const store::PageOf<T>& p, const store::Page& page, View view) {
  boost::json::array items;
  for (const auto& it : p.items) items.push_back(view(it));
  return {{"items", std::move(items)}, {"total", p.total}, {"page", page.page}, {"per_page", page.per_page}};
}

inline Error bad_id() { return Error::not_found("no such resource (the id must be a positive integer)"); }

}  // namespace lantian::api
