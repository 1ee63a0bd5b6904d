#include "app/evidence_service.h"

#include <sodium.h>

#include <algorithm>

#include "core/crypto.h"
#include "store/evidence_repo.h"

namespace lantian::app {
namespace {

std::optional<std::string> from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        "\n\r", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

EvidenceRecord record_of(const std::string& sha256, const std::string& bytes, const io::MediaInfo& m) {
  EvidenceRecord r;
  r.sha256 = sha256;
  r.size_bytes = int64_t(bytes.size());
  r.content_type = m.content_type;
  if (m.width) r.width = *m.width;
  if (m.height) r.height = *m.height;
  r.taken_at = m.taken_at;
  r.gps_lat = m.gps_lat;
  r.gps_lon = m.gps_lon;
  return r;
}

}  // namespace

Result<EvidenceRecord> EvidenceService::ingest(const std::string& bytes) {
  LT_ASSIGN(auto media, io::analyse_media(bytes, limits_));
  EvidenceRecord r = record_of(sha256_hex(bytes), bytes, media);
  // The thumbnail first, then the content: a content in the store is
  // complete with its thumbnail.
  if (!media.thumbnail.empty()) {
    std::string t = sha256_hex(media.thumbnail);
    LT_TRY(store_.put(t, media.thumbnail));
    r.thumbnail_sha256 = t;
  }
  LT_TRY(store_.put(r.sha256, bytes));
  r.created_at = format_utc(clock_.now());
  return r;
}

Result<std::string> EvidenceService::read(const std::string& sha256) {
  LT_ASSIGN(auto bytes, store_.get(sha256));
  if (!bytes) return Error::make("evidence_missing", {{"sha256", sha256}});
  return std::move(*bytes);
}

Result<LegacyMigrationReport> EvidenceService::migrate_legacy(int64_t batch_rows) {
  LegacyMigrationReport rep;
  for (;;) {
    std::vector<store::evidence::LegacyFile> batch;
    LT_TRY(db_.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(batch, store::evidence::legacy_batch(tx, batch_rows));
      return {};
    }));
    if (batch.empty()) return rep;
    struct Moved {
      int64_t id;
      EvidenceRecord record;
    };
    std::vector<Moved> moved;
    std::string old_types;
    for (auto& f : batch) {
      auto bytes = from_base64(f.data_base64);
      if (!bytes)
        return Error::internal("attachment " + std::to_string(f.attachment_id) +
                               ": its stored bytes are not valid base64; left in attachment_data");
      f.data_base64.clear();
      auto rec = ingest(*bytes);
      if (!rec.ok()) {
        if (rec.error().kind == ErrorKind::internal) return rec.take_error();
        // Not a type (or size) accepted today: kept as recorded at upload.
        EvidenceRecord r;
        r.sha256 = sha256_hex(*bytes);
        r.size_bytes = int64_t(bytes->size());
        LT_TRY(store_.put(r.sha256, *bytes));
        r.created_at = format_utc(clock_.now());
        rec = r;
      }
      if (rec->sha256 != f.sha256) rep.hash_repaired++;
      rep.bytes += int64_t(bytes->size());
      moved.push_back({f.attachment_id, std::move(rec).value()});
    }
    LT_TRY(db_.write([&](store::Tx& tx) -> Status {
      for (auto& m : moved) {
        LT_ASSIGN(auto type, tx.query_one("SELECT content_type FROM attachments WHERE id = $1", {m.id}));
        if (m.record.content_type.empty())
          m.record.content_type = type ? type->str(0) : "application/octet-stream";
        LT_TRY(store::evidence::insert(tx, m.record, m.record.created_at));
        LT_TRY(store::evidence::finish_legacy(tx, m.id, m.record.sha256, m.record.content_type));
      }
      return {};
    }));
    rep.moved += int64_t(moved.size());
  }
}

Result<SweepReport> EvidenceService::sweep(std::chrono::seconds grace, bool apply) {
  SweepReport rep;
  // The store first, then the names: a content written in between is young.
  LT_ASSIGN(auto held, store_.list());
  std::vector<std::string> named;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(named, store::evidence::all_names(tx));
    return {};
  }));
  const auto cutoff = std::chrono::system_clock::now() - grace;
  rep.held = int64_t(held.size());
  for (const auto& c : held) {
    if (std::binary_search(named.begin(), named.end(), c.sha256)) continue;
    ++rep.unnamed;
    if (c.modified >= cutoff) continue;
    ++rep.old;
    rep.bytes += c.size_bytes;
    rep.names.push_back(c.sha256);
  }
  if (!apply) return rep;
  for (const auto& name : rep.names) {
    bool still_unnamed = false;
    LT_TRY(db_.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(still_unnamed, store::evidence::unnamed(tx, name));
      return {};
    }));
    if (!still_unnamed) continue;
    LT_TRY(store_.remove(name));
    ++rep.removed;
  }
  return rep;
}

}  // namespace lantian::app
