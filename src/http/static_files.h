// Serves the built web app (Vite's dist folder) from memory.
//
// load() reads every regular file under a root directory once; serve() then
// answers GET/HEAD without touching the disk:
//  - exact path match, Content-Type by extension, strong ETag (FNV-1a 64 of
//    the bytes sent), If-None-Match -> 304;
//  - precompressed variants: "x.js.br" and "x.js.gz" beside "x.js" are not
//    resources of their own but encodings of x.js (the build writes them,
//    web/vite.config.js). serve() picks br, gzip or identity by the request's
//    Accept-Encoding (q-values honoured; the highest q wins, ties go to the
//    smaller variant; a coding not named takes the q of "*"; identity is
//    acceptable unless refused, and last when not named). Each variant has
//    its own ETag; a file with variants always answers "Vary:
//    Accept-Encoding" and a compressed answer "Content-Encoding". A variant older than its file is stale and ignored
//    (with a warning). "x.gz" without an "x" is an ordinary file;
//  - content-hashed files under /assets/ (Vite's "name-XXXXXXXX.ext", an
//    8-character hash) are cached for a year as immutable; everything else
//    (index.html, favicon) must be revalidated (no-cache);
//  - HTML answers carry the Content-Security-Policy below, X-Frame-Options
//    DENY and Referrer-Policy same-origin; every answer X-Content-Type-Options
//    nosniff;
//  - "/" and "/dir/" map to index.html;
//  - a miss on a path without a file extension returns /index.html so the
//    single-page app's history-mode routes work after a reload;
//  - a miss on a path with an extension, or anything under /api/, is a 404
//    problem response (an API typo must not come back as HTML);
//  - other methods get 405 with "allow: GET, HEAD".
// Responses have route "static". For HEAD the body is left empty and an
// explicit content-length header carries the size (the server sends it as is).
//
// Thread-safety: immutable after load(); serve() may run on any number of
// threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "http/message.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::http {

// The policy of every HTML page: scripts and everything else only from our
// own origin, no inline script; inline styles are allowed because Element
// Plus and Vue set style attributes; no framing (clickjacking).
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

class StaticFiles {
 public:
  // An empty set: serve() answers 404 to everything.
  StaticFiles() = default;

  // Reads all files under root_dir (recursively; symlinked files are followed,
  // symlinked directories are not). Errors: root missing or not a directory ->
  // ErrorKind::not_found; a file that cannot be read -> ErrorKind::internal.
  // Stale compressed variants are reported to logger (if any) and skipped.
  static Result<StaticFiles> load(const std::string& root_dir, obs::Logger* logger = nullptr);

  bool empty() const { return !files_ || files_->empty(); }
  // Resources, not counting compressed variants.
  std::size_t size() const { return files_ ? files_->size() : 0; }

  Response serve(const Request& req) const;

 private:
  struct Variant {
    std::string body;
    std::string etag;  // with quotes, as sent
  };
  struct File {
    Variant identity;
    std::optional<Variant> br, gzip;
    std::string content_type;
    bool immutable = false;
    bool html = false;
  };
  using Map = std::unordered_map<std::string, File>;  // keyed by URL path, "/assets/app-1a2b.js"

  const File* find(const std::string& path) const;

  // Shared and immutable: copies of a StaticFiles (e.g. captured by handler
  // lambdas) cost nothing and the content is loaded once.
  std::shared_ptr<const Map> files_;
};

}  // namespace lantian::http
