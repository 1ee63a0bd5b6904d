// Errors as values: every boundary (store, core rules, API) returns Result<T>
// instead of throwing. An Error carries a machine-readable kind (which the API
// maps to an HTTP status and a problem type), a human message, and for
// validation failures the list of offending fields.
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lantian {

enum class ErrorKind {
  invalid,       // bad input: 400 (or 422 with field errors)
  unauthorized,  // no or bad credentials: 401
  forbidden,     // authenticated but not allowed: 403
  not_found,     // 404 (also used to hide objects outside the caller's scope)
  conflict,      // stale version or duplicate key: 409
  locked,        // account locked after failed logins: 423
  too_large,     // body over the limit: 413
  rate_limited,  // too many requests from one client in a window: 429
  unavailable,   // database down, shutting down: 503
  internal,      // a bug or an I/O failure: 500
};

// Named parameters of a coded error ({"max", "200"}), in the order the
// code's template names them. Values are plain text; the web app fills
// them into its own translation of the code.
using Params = std::vector<std::pair<std::string, std::string>>;

// What is wrong with one value, without saying which field holds it: a
// stable machine code from the catalogue (core/error_codes.h), its
// parameters, and the English sentence rendered from the code's template.
// Build one with issue("too_long", {{"max", "200"}}).
struct Issue {
  std::string code;
  Params params;
  std::string message;
};

struct FieldError {
  std::string field;
  std::string message;  // English, for logs and API clients without a translation
  std::string code;     // stable machine code; see core/error_codes.h
  Params params;

  FieldError() = default;
  // Uncoded (legacy): the API reports code "invalid" for it.
  FieldError(std::string f, std::string m) : field(std::move(f)), message(std::move(m)) {}
  FieldError(std::string f, Issue i)
      : field(std::move(f)),
        message(std::move(i.message)),
        code(std::move(i.code)),
        params(std::move(i.params)) {}
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::vector<FieldError> fields;  // non-empty only for validation errors
  std::string code;                // stable machine code, e.g. "stale_version" (core/error_codes.h)
  Params params;                   // the code's parameters

  // A coded error: kind and English message come from the catalogue
  // (core/error_codes.cpp). An unknown code is a bug: it yields an internal
  // error naming it, so a test that reaches it fails.
  static Error make(std::string_view code, Params params = {});
  static Error invalid(std::string m) { return {ErrorKind::invalid, std::move(m), {}, {}, {}}; }
  static Error validation(std::vector<FieldError> f) {
    return {ErrorKind::invalid, "validation failed", std::move(f), "validation_failed", {}};
  }
  static Error field(std::string name, std::string m) {
    return validation({FieldError{std::move(name), std::move(m)}});
  }
  static Error field(std::string name, Issue i) {
    return validation({FieldError{std::move(name), std::move(i)}});
  }
  // A coded field error: field(name, "not_a_date", {{"example", "2017-10-31"}}).
  static Error field(std::string name, std::string_view code, Params params);
  static Error unauthorized(std::string m) { return {ErrorKind::unauthorized, std::move(m), {}, {}, {}}; }
  static Error forbidden(std::string m) { return {ErrorKind::forbidden, std::move(m), {}, {}, {}}; }
  static Error not_found(std::string m) { return {ErrorKind::not_found, std::move(m), {}, {}, {}}; }
  static Error conflict(std::string m) { return {ErrorKind::conflict, std::move(m), {}, {}, {}}; }
  static Error locked(std::string m) { return {ErrorKind::locked, std::move(m), {}, {}, {}}; }
  static Error unavailable(std::string m) { return {ErrorKind::unavailable, std::move(m), {}, {}, {}}; }
  static Error internal(std::string m) { return {ErrorKind::internal, std::move(m), {}, {}, {}}; }
};

// A coded issue for a field error: the English message comes from the
// catalogue. An unknown code renders as "unregistered_code".
Issue issue(std::string_view code, Params params = {});

// Result<T>: either a T or an Error. Result<void> is spelled Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : err_(std::move(error)), ok_(false) {}
  static Status success() { return {}; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }
  Error&& take_error() { return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

}  // namespace lantian

// Propagate an error from an expression returning Status or Result<T>.
#define LT_TRY(expr)                                    \
  do {                                                  \
    auto&& lt_try_r_ = (expr);                          \
    if (!lt_try_r_.ok()) return lt_try_r_.take_error(); \
  } while (0)

#define LT_CONCAT_INNER(a, b) a##b
#define LT_CONCAT(a, b) LT_CONCAT_INNER(a, b)
// LT_ASSIGN(auto x, expr): declare x from a Result, or return its error.
#define LT_ASSIGN(decl, expr) LT_ASSIGN_IMPL(LT_CONCAT(lt_res_, __LINE__), decl, expr)
#define LT_ASSIGN_IMPL(tmp, decl, expr)   \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.take_error(); \
  decl = std::move(tmp).value()
