// Routes: (method, pattern) -> handler, with "{name}" path parameters and an
// access level per route. A parameter takes a whole path segment, or when
// text follows it in the segment ("{code}.{format}"), the segment up to the
// last occurrence of that text's first character. When several patterns match a path, the one with
// the fewest parameters wins (a literal segment beats "{id}"), then the one
// registered first. The table of routes is data; the authorization
// test walks it so that no route escapes a check.
//
// Thread-safety: build the router before serving; match() is then read-only
// and safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/account_service.h"
#include "http/message.h"

namespace lantian::api {

enum class Access {
  open,      // no login needed (login, healthz)
  any_user,  // logged in, even with a pending forced password change
  user,      // logged in with the password changed
};

struct RouteContext {
  http::Request& req;
  std::vector<std::pair<std::string, std::string>> params;
  std::optional<app::Authenticated> auth;  // set for any_user / user routes
  // Numeric path parameter "{id}"; nullopt if absent or not a positive integer.
  std::optional<int64_t> id(const std::string& name = "id") const;
  // Path parameter "{name}" as text; "" if absent.
  std::string param(std::string_view name) const;
  const app::Actor& actor() const { return auth->actor; }
};

using RouteHandler = std::function<http::Response(RouteContext&)>;

// The media types a route accepts for a request body. The API checks them
// before the handler runs: a POST, PUT or PATCH with a non-empty body whose
// Content-Type (without parameters, any case) is not listed gets 415 with code
// unsupported_media_type {expected}. JSON-only matters most for login: a
// cross-site HTML form can post text/plain but not application/json.
inline const std::vector<std::string> kJsonBody = {"application/json"};
// Any body: the handler looks at the content type itself (uploads, .xlsx).
inline const std::vector<std::string> kAnyBody = {};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/units/{id}"
  Access access;
  std::string permission;  // documented permission ("units.read"), "" if none; enforced in services
  RouteHandler handler;
  std::vector<std::string> body_types = kJsonBody;  // empty = anything
  // Whether the handler runs off the I/O threads, and on which of the
  // server's pools (http::Response::offload, lane): slow for work slow by
  // nature (password hashing, .xlsx, report files, thumbnails), wait for
  // writes (they wait for a commit shared with other writes). Authentication
  // and the checks before the handler still run on the I/O thread.
  std::optional<http::Response::Lane> offload;
  // The largest request body the route takes; 0 = the server's limit
  // ([server] max_body_bytes). The HTTP layer asks for it once a request's
  // header is in (Api::body_limit), so a larger body than the server's is
  // read only for routes that take one.
  std::size_t max_body_bytes = 0;

  // Whether a request body with this Content-Type header value may be sent.
  bool accepts_body(std::string_view content_type) const;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, std::string permission, RouteHandler h);
  // Sets the body types of a route added before (default kJsonBody). Throws
  // std::logic_error for an unknown route (a programming error, at startup).
  void set_body_types(std::string_view method, std::string_view pattern, std::vector<std::string> types);
  // Sets the body limit of a route added before (Route::max_body_bytes).
  // Throws std::logic_error for an unknown route.
  void set_body_limit(std::string_view method, std::string_view pattern, std::size_t bytes);
  // Sets the lane of a route added before (Route::offload). Throws
  // std::logic_error for an unknown route.
  void set_offload(std::string_view method, std::string_view pattern, http::Response::Lane lane);
  // Every route of a writing method (not GET or HEAD) not offloaded yet runs
  // on the wait lane.
  void offload_writes();
  // The route for method+path, filling params. If the path matches some route
  // but not for this method, returns nullptr and sets *path_known.
  const Route* match(std::string_view method, std::string_view path,
                     std::vector<std::pair<std::string, std::string>>* params, bool* path_known) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace lantian::api
