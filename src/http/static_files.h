// Serves the built web app (Vite's dist folder) from memory.
//
// load() reads every regular file under a root directory once; serve() then
// answers GET/HEAD without touching the disk:
//  - exact path match, Content-Type by extension, strong ETag (FNV-1a 64 of
//    the content), If-None-Match -> 304;
//  - files under /assets/ (content-hashed names) are cached for a year as
//    immutable, everything else (index.html) must be revalidated (no-cache);
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
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "http/message.h"

namespace lantian::http {

class StaticFiles {
 public:
  // An empty set: serve() answers 404 to everything.
  StaticFiles() = default;

  // Reads all files under root_dir (recursively; symlinked files are followed,
  // symlinked directories are not). Errors: root missing or not a directory ->
  // ErrorKind::not_found; a file that cannot be read -> ErrorKind::internal.
  static Result<StaticFiles> load(const std::string& root_dir);

  bool empty() const { return !files_ || files_->empty(); }
  std::size_t size() const { return files_ ? files_->size() : 0; }

  Response serve(const Request& req) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;  // with quotes, as sent
    bool immutable = false;
  };
  using Map = std::unordered_map<std::string, File>;  // keyed by URL path, "/assets/app-1a2b.js"

  const File* find(const std::string& path) const;

  // Shared and immutable: copies of a StaticFiles (e.g. captured by handler
  // lambdas) cost nothing and the content is loaded once.
  std::shared_ptr<const Map> files_;
};

}  // namespace lantian::http
