// BodyMemo: the JSON body written for a shared, immutable service answer —
// one the list cache hands every reader while nothing changed
// (store/list_cache.h; e.g. app::AqStatsService's dashboard reads) — kept as
// long as that answer lives. The same answer asked again is sent without
// building and writing its JSON again: for the air-quality map that is a
// megabyte of text per request at 2,000 stations.
//
//   static BodyMemo memo;
//   std::shared_ptr<const std::string> body = memo.get(answer, [&] { return json::serialize(...); });
//
// An entry is found by the answer's identity (the object, not its value) and
// forgotten once the answer is gone (the cache dropped it, a write moved its
// generation); at most `capacity` entries are kept, the oldest go first.
// `write` must depend only on the answer and on what never changes while the
// server runs (e.g. the map's datum), never on the reader.
//
// Thread-safety: thread-safe (one mutex around the entries, never held while
// `write` runs; two readers of a new answer may both write it, one is kept).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lantian::api {

class BodyMemo {
 public:
  explicit BodyMemo(size_t capacity = 16) : capacity_(capacity) {}

  std::shared_ptr<const std::string> get(const std::shared_ptr<const void>& answer,
                                         const std::function<std::string()>& write);

  // For tests: bodies written so far.
  size_t writes() const;

 private:
  struct Entry {
    std::weak_ptr<const void> answer;
    std::shared_ptr<const std::string> body;
  };
  const size_t capacity_;
  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // oldest first
  size_t writes_ = 0;
};

}  // namespace lantian::api
