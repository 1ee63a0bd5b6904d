// Errors as values: every boundary (store, core rules, API) returns Result<T>
// instead of throwing. An Error carries a machine-readable kind (which the API
// maps to an HTTP status and a problem type), a human message, and for
// validation failures the list of offending fields.
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <string>
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
  unavailable,   // database down, shutting down: 503
  internal,      // a bug or an I/O failure: 500
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::vector<FieldError> fields;  // non-empty only for validation errors
  std::string code;                // optional stable sub-code, e.g. "password_change_required"

  static Error invalid(std::string m) { return {ErrorKind::invalid, std::move(m), {}, {}}; }
  static Error validation(std::vector<FieldError> f) {
    return {ErrorKind::invalid, "validation failed", std::move(f), {}};
  }
  static Error field(std::string name, std::string m) {
    return validation({FieldError{std::move(name), std::move(m)}});
  }
  static Error unauthorized(std::string m) { return {ErrorKind::unauthorized, std::move(m), {}, {}}; }
  static Error forbidden(std::string m) { return {ErrorKind::forbidden, std::move(m), {}, {}}; }
  static Error not_found(std::string m) { return {ErrorKind::not_found, std::move(m), {}, {}}; }
  static Error conflict(std::string m) { return {ErrorKind::conflict, std::move(m), {}, {}}; }
  static Error locked(std::string m) { return {ErrorKind::locked, std::move(m), {}, {}}; }
  static Error unavailable(std::string m) { return {ErrorKind::unavailable, std::move(m), {}, {}}; }
  static Error internal(std::string m) { return {ErrorKind::internal, std::move(m), {}, {}}; }
};

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
