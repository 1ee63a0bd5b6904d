#include "http/static_files.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>
#include <vector>

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

bool base64url(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Vite names hashed files "name-XXXXXXXX.ext" (an 8-character base64url hash).
bool content_hashed(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    if (dot < 9 || name[dot - 9] != '-') continue;
    bool ok = true;
    for (std::size_t i = dot - 8; i < dot; ++i) ok = ok && base64url(name[i]);
    if (ok) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// "q=0.5" -> 500 (thousandths); malformed -> 1000, as if absent.
int parse_q(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    auto v = p.substr(2);
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return 1000;
    int q = (v[0] - '0') * 1000;
    if (v.size() > 1) {
      if (v[1] != '.') return 1000;
      int scale = 100;
      for (std::size_t i = 2; i < v.size() && i < 5; ++i, scale /= 10) {
        if (v[i] < '0' || v[i] > '9') return 1000;
        q += (v[i] - '0') * scale;
      }
    }
    return q > 1000 ? 1000 : q;
  }
  return 1000;
}

// The q-values (0..1000) the client gives br, gzip and identity
// (RFC 9110 12.5.3). No header at all: identity only. Identity not named is
// still acceptable, with the lowest preference.
struct Acceptance {
  int br = 0, gzip = 0, identity = 1000;
};

Acceptance parse_accept_encoding(std::string_view header) {
  Acceptance a;
  int star = -1, br = -1, gzip = -1, identity = -1;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    int q = semi == std::string_view::npos ? 1000 : parse_q(item.substr(semi + 1));
    if (iequals(coding, "br"))
      br = std::max(br, q);
    else if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      gzip = std::max(gzip, q);
    else if (iequals(coding, "identity"))
      identity = std::max(identity, q);
    else if (coding == "*")
      star = std::max(star, q);
  }
  a.br = br >= 0 ? br : std::max(star, 0);
  a.gzip = gzip >= 0 ? gzip : std::max(star, 0);
  // Identity not named: acceptable (unless "*;q=0"), but after any coding
  // the client did name.
  a.identity = identity >= 0 ? identity : (star >= 0 ? star : 1);
  return a;
}

// "x.gz" (or "x.br") names a compressed variant when "x" exists too.
template <class Map>
bool is_variant_name(const std::string& key, const Map& files) {
  auto ext = key.size() > 3 ? std::string_view(key).substr(key.size() - 3) : std::string_view();
  return (ext == ".br" || ext == ".gz") && files.count(key.substr(0, key.size() - 3));
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

Result<StaticFiles> StaticFiles::load(const std::string& root_dir, obs::Logger* logger) {
  std::error_code ec;
  const fs::path root(root_dir);
  if (!fs::is_directory(root, ec))
    return Error::not_found("static root '" + root_dir + "' is not a directory");

  struct Read {
    std::string key, body;
    fs::file_time_type mtime;
  };
  std::vector<Read> read;
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
    read.push_back({std::move(key), std::move(body), it->last_write_time(ec)});
  }
  std::unordered_map<std::string, fs::file_time_type> mtimes;
  for (const auto& r : read) mtimes[r.key] = r.mtime;
  // Variants of variants ("x.gz.br" beside "x.gz" and "x") are files.
  auto is_variant = [&](const std::string& key) {
    return is_variant_name(key, mtimes) && !is_variant_name(key.substr(0, key.size() - 3), mtimes);
  };
  // Ordinary files first, then the compressed variants of those that exist.
  std::vector<const Read*> variants;
  for (auto& r : read) {
    const std::string& key = r.key;
    if (is_variant(key)) {
      variants.push_back(&r);
      continue;
    }
    File f;
    f.content_type = content_type_for(key);
    f.html = f.content_type.rfind("text/html", 0) == 0;
    f.identity.etag = strong_etag(r.body);
    f.identity.body = std::move(r.body);
    f.immutable = key.rfind("/assets/", 0) == 0 && content_hashed(key);
    (*map)[key] = std::move(f);
  }
  for (const Read* r : variants) {
    std::string base = r->key.substr(0, r->key.size() - 3);
    if (r->mtime < mtimes.at(base)) {
      if (logger) logger->warn("ignoring a compressed file older than its original", {{"file", r->key}});
      continue;
    }
    File& f = (*map)[base];
    (r->key.back() == 'r' ? f.br : f.gzip) = Variant{r->body, strong_etag(r->body)};
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

  // The encoding: the acceptable variant with the highest q; on a tie the
  // smaller one (br, then gzip, then identity).
  const Variant* body = &file->identity;
  std::string_view encoding;
  const bool has_variants = file->br || file->gzip;
  if (has_variants) {
    Acceptance a = parse_accept_encoding(req.header("accept-encoding"));
    int best = a.identity;
    if (file->gzip && a.gzip > 0 && a.gzip >= best) {
      best = a.gzip;
      body = &*file->gzip;
      encoding = "gzip";
    }
    if (file->br && a.br > 0 && a.br >= best) {
      body = &*file->br;
      encoding = "br";
    }
  }

  Response r;
  r.route = "static";
  r.headers.reserve(10);
  r.headers.push_back({"etag", body->etag});
  r.headers.push_back(
      {"cache-control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache"});
  if (has_variants) r.headers.push_back({"vary", "Accept-Encoding"});
  if (auto inm = req.header("if-none-match"); !inm.empty() && etag_matches(inm, body->etag)) {
    r.status = 304;
    return r;
  }
  r.headers.push_back({"content-type", file->content_type});
  if (!encoding.empty()) r.headers.push_back({"content-encoding", std::string(encoding)});
  r.headers.push_back({"x-content-type-options", "nosniff"});
  if (file->html) {
    r.headers.push_back({"content-security-policy", std::string(kContentSecurityPolicy)});
    r.headers.push_back({"x-frame-options", "DENY"});
    r.headers.push_back({"referrer-policy", "same-origin"});
  }
  if (head)
    r.headers.push_back({"content-length", std::to_string(body->body.size())});
  else
    r.body = body->body;
  return r;
}

}  // namespace lantian::http
