#include "store/monitored_db.h"

#include "store/db_errors.h"

namespace lantian::store {

MonitoredDatabase::MonitoredDatabase(std::unique_ptr<Database> inner) : inner_(std::move(inner)) {}

WriteHealth MonitoredDatabase::write_health() const {
  if (!failing_.load(std::memory_order_acquire)) return {};  // /healthz's usual case, without the lock
  std::lock_guard lock(mu_);
  return health_;
}

Status MonitoredDatabase::observe(Status st) {
  if (!st.ok() && is_storage_failure(st.error())) storage_failures_.fetch_add(1, std::memory_order_release);
  return st;
}

Status MonitoredDatabase::observe_write(Status st) {
  if (st.ok()) {
    if (!failing_.load(std::memory_order_acquire)) return st;
    WriteHealth was;
    {
      std::lock_guard lock(mu_);
      if (!health_.failing) return st;
      was = health_;
      was.failing = false;
      health_ = WriteHealth{};
      failing_.store(false, std::memory_order_release);
    }
    if (on_change_) on_change_(was);
    return st;
  }
  if (!is_storage_failure(st.error())) return st;
  storage_failures_.fetch_add(1, std::memory_order_release);
  WriteHealth now;
  bool started = false;
  {
    std::lock_guard lock(mu_);
    started = !health_.failing;
    if (started) {
      health_.failing = true;
      health_.since = std::chrono::system_clock::now();
      health_.failures = 0;
    }
    health_.code = st.error().code;
    health_.cause = st.error().message;
    health_.failures++;
    failing_.store(true, std::memory_order_release);
    now = health_;
  }
  if (started && on_change_) on_change_(now);
  return st;
}

Status MonitoredDatabase::read(const std::function<Status(Tx&)>& fn) { return observe(inner_->read(fn)); }

Status MonitoredDatabase::write(const std::function<Status(Tx&)>& fn) {
  return observe_write(inner_->write(fn));
}

Status MonitoredDatabase::ping() { return observe(inner_->ping()); }

Status MonitoredDatabase::exec_script(std::string_view sql) {
  return observe_write(inner_->exec_script(sql));
}

}  // namespace lantian::store
