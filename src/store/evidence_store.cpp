#include "store/evidence_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/crypto.h"

namespace lantian::store {
namespace fs = std::filesystem;

bool is_sha256_name(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

Status check_name(std::string_view sha256) {
  if (!is_sha256_name(sha256))
    return Error::invalid("not a SHA-256 name: " + std::string(sha256.substr(0, 80)));
  return {};
}

Status check_content(std::string_view sha256, const std::string& bytes) {
  LT_TRY(check_name(sha256));
  if (sha256_hex(bytes) != sha256)
    return Error::internal("evidence content does not hash to its name " + std::string(sha256));
  return {};
}

Error io_error(const std::string& what, const std::string& path) {
  return Error::internal(what + " " + path + ": " + std::strerror(errno));
}

// --- files -----------------------------------------------------------------------

class FileEvidenceStore final : public EvidenceStore {
 public:
  explicit FileEvidenceStore(std::string root) : root_(std::move(root)) {}
  std::string_view kind() const override { return "files"; }
  std::string location() const override { return root_; }

  Status put(std::string_view sha256, const std::string& bytes) override {
    LT_TRY(check_content(sha256, bytes));
    const std::string dir = folder(sha256), path = dir + "/" + std::string(sha256);
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && uint64_t(st.st_size) == bytes.size()) {
      // Already there: renew its time, so a sweep does not take a content
      // that is about to be named again.
      ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
      return {};
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error::internal("cannot create " + dir + ": " + ec.message());
    const std::string tmp = dir + "/.tmp-" + std::string(sha256.substr(0, 16)) + "-" + random_hex(8);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return io_error("cannot create", tmp);
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        Error e = io_error("cannot write", tmp);
        ::close(fd);
        ::unlink(tmp.c_str());
        return e;
      }
      done += size_t(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      Error e = io_error("cannot flush", tmp);
      ::unlink(tmp.c_str());
      return e;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      Error e = io_error("cannot rename into", path);
      ::unlink(tmp.c_str());
      return e;
    }
    // The new name is durable once its folder is.
    if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return {};
  }

  Result<std::optional<std::string>> get(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    const std::string path = folder(sha256) + "/" + std::string(sha256);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return std::optional<std::string>();
      return io_error("cannot open", path);
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Error e = io_error("cannot stat", path);
      ::close(fd);
      return e;
    }
    std::string out(size_t(st.st_size), '\0');
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::read(fd, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += size_t(n);
    }
    ::close(fd);
    if (done != out.size()) return Error::internal("short read from " + path);
    return std::optional<std::string>(std::move(out));
  }

  Result<bool> contains(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    struct stat st;
    return ::stat((folder(sha256) + "/" + std::string(sha256)).c_str(), &st) == 0;
  }

  Result<std::vector<Stored>> list() override {
    std::vector<Stored> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, ec), end;
    if (ec) {
      if (ec == std::errc::no_such_file_or_directory) return out;
      return Error::internal("cannot list " + root_ + ": " + ec.message());
    }
    for (; it != end; it.increment(ec)) {
      if (ec) return Error::internal("cannot list " + root_ + ": " + ec.message());
      const std::string name = it->path().filename().string();
      if (!it->is_regular_file(ec) || !is_sha256_name(name)) continue;
      // Only where put() writes it: <root>/ab/cd/<name>.
      if (it->path().parent_path() != fs::path(folder(name))) continue;
      auto size = it->file_size(ec);
      auto when = it->last_write_time(ec);
      if (ec) return Error::internal("cannot stat " + it->path().string() + ": " + ec.message());
      out.push_back({name, int64_t(size),
                     std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                         std::chrono::file_clock::to_sys(when))});
    }
    std::sort(out.begin(), out.end(), [](const Stored& a, const Stored& b) { return a.sha256 < b.sha256; });
    return out;
  }

  Status remove(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    const std::string path = folder(sha256) + "/" + std::string(sha256);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", path);
    return {};
  }

 private:
  std::string folder(std::string_view sha256) const {
    return root_ + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256.substr(2, 2));
  }
  std::string root_;
};

// --- database ----------------------------------------------------------------------

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

std::optional<std::string> from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  // PostgreSQL's encode(..., 'base64') breaks lines every 76 characters.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        "\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

// The bytes travel as base64 text to PostgreSQL (its text parameters cannot
// hold a NUL) and are stored as BYTEA; SQLite binds them as they are and
// stores a BLOB. Either way the table holds the bytes, not their base64.
class DatabaseEvidenceStore final : public EvidenceStore {
 public:
  explicit DatabaseEvidenceStore(Database& db) : db_(db), pg_(db.backend() == "postgres") {}
  std::string_view kind() const override { return "database"; }
  std::string location() const override { return "database"; }

  Status put(std::string_view sha256, const std::string& bytes) override {
    LT_TRY(check_content(sha256, bytes));
    return db_.write([&](Tx& tx) -> Status {
      if (pg_)
        LT_TRY(
            tx.exec("INSERT INTO evidence_blobs (sha256, data) VALUES ($1, decode($2, 'base64')) ON CONFLICT "
                    "DO NOTHING",
                    {std::string(sha256), to_base64(bytes)}));
      else
        LT_TRY(
            tx.exec("INSERT INTO evidence_blobs (sha256, data) VALUES ($1, CAST($2 AS BLOB)) ON CONFLICT DO "
                    "NOTHING",
                    {std::string(sha256), bytes}));
      return {};
    });
  }

  Result<std::optional<std::string>> get(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    std::optional<std::string> out;
    LT_TRY(db_.read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto row,
                tx.query_one(pg_ ? "SELECT encode(data, 'base64') FROM evidence_blobs WHERE sha256 = $1"
                                 : "SELECT data FROM evidence_blobs WHERE sha256 = $1",
                             {std::string(sha256)}));
      if (!row) return {};
      if (!pg_) {
        out = row->take_str(0);
        return {};
      }
      out = from_base64(row->str(0));
      if (!out) return Error::internal("evidence " + std::string(sha256) + " is corrupt in the database");
      return {};
    }));
    return out;
  }

  Result<std::vector<Stored>> list() override {
    return Error::invalid("the database evidence store keeps no times: nothing to sweep by age");
  }

  Status remove(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    return db_.write([&](Tx& tx) -> Status {
      LT_TRY(tx.exec("DELETE FROM evidence_blobs WHERE sha256 = $1", {std::string(sha256)}));
      return {};
    });
  }

  Result<bool> contains(std::string_view sha256) override {
    LT_TRY(check_name(sha256));
    bool found = false;
    LT_TRY(db_.read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto row,
                tx.query_one("SELECT 1 FROM evidence_blobs WHERE sha256 = $1", {std::string(sha256)}));
      found = row.has_value();
      return {};
    }));
    return found;
  }

 private:
  Database& db_;
  bool pg_;
};

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

}  // namespace

Result<std::unique_ptr<EvidenceStore>> open_file_evidence_store(const std::string& root) {
  if (root.empty()) return Error::invalid("the evidence folder is empty");
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Error::internal("cannot create the evidence folder " + root + ": " + ec.message());
  return std::unique_ptr<EvidenceStore>(new FileEvidenceStore(root));
}

std::unique_ptr<EvidenceStore> database_evidence_store(Database& db) {
  return std::make_unique<DatabaseEvidenceStore>(db);
}

std::string evidence_location(const std::string& db_url, const std::string& configured) {
  if (!configured.empty()) return configured;
  if (is_postgres_url(db_url)) return "database";
  std::string path = db_url.rfind("sqlite:", 0) == 0 ? db_url.substr(7) : db_url;
  return path + ".evidence";
}

Result<std::unique_ptr<EvidenceStore>> open_evidence_store(const std::string& db_url,
                                                           const std::string& configured, Database& db) {
  std::string where = evidence_location(db_url, configured);
  if (where == "database") return database_evidence_store(db);
  return open_file_evidence_store(where);
}

}  // namespace lantian::store
