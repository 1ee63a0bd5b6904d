#include "http/static_files.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

#include "obs/log.h"

namespace lantian::http {

namespace {

namespace fs = std::filesystem;

std::string_view content_type_for(std::string_view path) {
  auto slash = path.rfind('/');
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  std::string ext(path.substr(dot + 1));
  for (auto& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
  };
  for (const auto& e : kTypes)
    if (e.ext == ext) return e.type;
  return "application/octet-stream";
}

std::string strong_etag(std::string_view body) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (unsigned char c : body) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag(18, '"');
  for (int i = 16; i >= 1; --i) {
    tag[i] = kHex[h & 0xF];
    h >>= 4;
  }
  return tag;
}

// If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t i = 0;
  while (i < if_none_match.size()) {
    while (i < if_none_match.size() &&
           (if_none_match[i] == ' ' || if_none_match[i] == '\t' || if_none_match[i] == ','))
      ++i;
    if (i >= if_none_match.size()) break;
    if (if_none_match[i] == '*') return true;
    if (if_none_match.compare(i, 2, "W/") == 0) i += 2;
    std::size_t end;
    if (i < if_none_match.size() && if_none_match[i] == '"') {
      end = if_none_match.find('"', i + 1);
      end = end == std::string_view::npos ? if_none_match.size() : end + 1;
    } else {
      end = if_none_match.find(',', i);
      if (end == std::string_view::npos) end = if_none_match.size();
    }
    if (if_none_match.substr(i, end - i) == etag) return true;
    i = end;
  }
  return false;
}

bool has_extension(std::string_view path) {
  auto slash = path.rfind('/');
  auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

Response problem(int status, std::string_view slug, std::string_view title, std::string_view detail) {
  Response r;
  r.status = status;
  r.route = "static";
  r.headers.push_back({"content-type", "application/problem+json"});
  r.body = "{\"type\":\"https://lantian.dev/problems/";
  r.body += slug;
  r.body += "\",\"title\":";
  obs::append_json_string(r.body, title);
  r.body += ",\"status\":";
  r.body += std::to_string(status);
  r.body += ",\"detail\":";
  obs::append_json_string(r.body, detail);
  r.body += ",\"code\":\"";
  r.body += code_for_status(status);
  r.body += "\"}";
  return r;
}

}  // namespace

Result<StaticFiles> StaticFiles::load(const std::string& root_dir) {
  std::error_code ec;
  const fs::path root(root_dir);
  if (!fs::is_directory(root, ec))
    return Error::not_found("static root '" + root_dir + "' is not a directory");

  auto map = std::make_shared<Map>();
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) return Error::internal("cannot list '" + root_dir + "': " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Error::internal("cannot list '" + root_dir + "': " + ec.message());
    if (!it->is_regular_file(ec)) continue;
    const fs::path& p = it->path();
    std::ifstream in(p, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad() || !in.is_open()) return Error::internal("cannot read '" + p.string() + "'");

    std::string key = "/" + p.lexically_relative(root).generic_string();
    File f;
    f.content_type = content_type_for(key);
    f.etag = strong_etag(body);
    f.immutable = key.rfind("/assets/", 0) == 0;
    f.body = std::move(body);
    (*map)[std::move(key)] = std::move(f);
  }
  StaticFiles sf;
  sf.files_ = std::move(map);
  return sf;
}

const StaticFiles::File* StaticFiles::find(const std::string& path) const {
  if (!files_) return nullptr;
  auto it = files_->find(path);
  return it == files_->end() ? nullptr : &it->second;
}

Response StaticFiles::serve(const Request& req) const {
  const bool head = req.method == "HEAD";
  if (!head && req.method != "GET") {
    Response r =
        problem(405, "method-not-allowed", "Method Not Allowed", "only GET and HEAD are allowed here");
    r.headers.push_back({"allow", "GET, HEAD"});
    return r;
  }
  const std::string& path = req.path;
  const bool api = path == "/api" || path.rfind("/api/", 0) == 0;

  const File* file = nullptr;
  if (!api && !path.empty()) {  // lookups are in memory: no traversal to fear
    file = path.back() == '/' ? find(path + "index.html") : find(path);
    if (!file && !has_extension(path)) file = find("/index.html");  // history-mode SPA route
  }
  if (!file) return problem(404, "not-found", "Not Found", "no such resource");

  Response r;
  r.route = "static";
  r.headers.reserve(5);
  r.headers.push_back({"etag", file->etag});
  r.headers.push_back(
      {"cache-control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache"});
  if (auto inm = req.header("if-none-match"); !inm.empty() && etag_matches(inm, file->etag)) {
    r.status = 304;
    return r;
  }
  r.headers.push_back({"content-type", file->content_type});
  r.headers.push_back({"x-content-type-options", "nosniff"});
  if (head)
    r.headers.push_back({"content-length", std::to_string(file->body.size())});
  else
    r.body = file->body;
  return r;
}

}  // namespace lantian::http
