// A process-wide set of definitions (workflows, ledger types): the shipped
// set, loaded on first use, until install() puts a deployment's in its place.
// A shipped set that does not load is a build defect: it aborts with its
// problems. Sets installed earlier stay alive, so references handed out
// before stay valid.
//
// Thread-safety: install() must be called before other threads read get()
// (the server does it once at start); afterwards get() is safe to share.
#pragma once

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <list>

#include "core/error.h"

namespace lantian {

template <class Set>
class Installed {
 public:
  // load_shipped: loads the shipped set; what: "workflow", "ledger type".
  Installed(Result<Set> (*load_shipped)(), const char* what) : load_shipped_(load_shipped), what_(what) {}

  void install(Set set) {
    kept_.push_back(std::move(set));
    installed_.store(&kept_.back());
  }

  const Set& get() {
    const Set* s = installed_.load();
    return s ? *s : shipped();
  }

 private:
  const Set& shipped() {
    static const Set s = [this] {
      auto r = load_shipped_();
      if (!r.ok()) {
        std::fprintf(stderr, "lantian: a shipped %s definition is invalid:\n%s\n", what_,
                     r.error().message.c_str());
        std::abort();
      }
      return std::move(*r);
    }();
    return s;
  }

  Result<Set> (*load_shipped_)();
  const char* what_;
  std::list<Set> kept_;
  std::atomic<const Set*> installed_{nullptr};
};

}  // namespace lantian
