#include "api/health_check.h"

namespace lantian::api {

DatabaseHealthCheck::DatabaseHealthCheck(std::function<Status()> ping, std::function<uint64_t()> failures,
                                         std::function<SteadyTime()> now, std::chrono::milliseconds reuse)
    : ping_(std::move(ping)), failures_(std::move(failures)), now_(std::move(now)), reuse_(reuse) {}

DatabaseHealthCheck::Verdict DatabaseHealthCheck::get() {
  const SteadyTime arrived = now_();
  std::lock_guard lock(mu_);
  auto verdict = [&](SteadyTime t) {
    return Verdict{last_, wall_, std::chrono::duration_cast<std::chrono::milliseconds>(t - at_)};
  };
  if (checked_) {
    // Checked after this request arrived (it waited for that check): as fresh as can be.
    if (at_ >= arrived) return verdict(at_);
    uint64_t seen = failures_ ? failures_() : 0;
    if (last_.ok() && arrived - at_ < reuse_ && seen == failures_seen_) return verdict(arrived);
  }
  failures_seen_ = failures_ ? failures_() : 0;
  last_ = ping_();
  at_ = now_();
  wall_ = std::chrono::system_clock::now();
  checked_ = true;
  return verdict(at_);
}

}  // namespace lantian::api
