// The foundation's domain records, as plain values shared by the store, the
// application services and the API. Field names follow docs/glossary.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lantian {

struct Person {
  std::string name;
  std::string phone;
};

struct Contact {
  std::string name;
  std::string phone;
  std::string title;
};

// An org unit (区政府, 区攻坚办, 乡镇, 村, 网格, ...).
struct Unit {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string parent_name;  // filled by queries, not stored
  std::string path;         // "/1/5/12/": ids from the root down to this unit
  std::string name;
  std::string kind;
  std::string division_code;
  Person party_secretary;  // 党委书记 (党政同责)
  Person government_head;  // 行政负责人
  std::vector<Contact> contacts;
  bool disabled = false;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string name;
  std::string phone;
  int64_t unit_id = 0;
  std::string unit_name;  // filled by queries
  std::string unit_path;  // filled by queries
  std::string position;
  std::vector<std::string> roles;
  std::string password_hash;
  bool must_change_password = false;
  bool disabled = false;
  int64_t failed_logins = 0;
  std::string locked_until;  // "" = not locked
  std::string last_login_at;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

// A browser session or an API token.
struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string kind;  // "session" | "api"
  std::string name;
  std::string csrf_token;
  std::string client_address;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  bool revoked = false;
};

// The upper bound of a materialised-path range: every path in the subtree of
// `path` ("/1/5/") is >= path and < path_upper(path) ("/1/50").
inline std::string path_upper(const std::string& path) {
  std::string up = path;
  up.back() = static_cast<char>(up.back() + 1);  // '/' -> '0'
  return up;
}

}  // namespace lantian
