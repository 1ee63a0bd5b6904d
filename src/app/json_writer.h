// Writing JSON as a stream of events (begin an object, a key, a value, end
// it), to one of two destinations with the same interface:
//
//  - JsonWriter writes the JSON text straight into a std::string (take()).
//    List pages use it to write their rows without building a DOM first.
//  - DomWriter builds a boost::json::value (through boost::json::value_stack)
//    for the callers that need a DOM: single reads, audit before/after.
//
// A view is written once as a template over the writer (see task_views.cpp,
// views.cpp), so a record's keys are listed in one place for both.
//
// The text is byte for byte what boost::json::serialize gives for the same
// DOM: strings that need no escaping are copied as they are, any other string
// and every double go through boost::json::serializer, integers are plain
// decimal. In particular bytes that are not valid UTF-8 are copied unchanged,
// as boost::json::serialize does (tests/app/json_writer_test.cpp checks it).
//
// Calls must nest properly (every begin has its end, a key before each value
// inside an object, none inside an array); a writer does not check this.
//
// Thread-safety: a writer is used by one thread at a time.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lantian::app {

// The value and field conveniences shared by both writers; Derived provides
// begin_object, end_object, begin_array, end_array, key, string, integer,
// number, boolean and null.
template <class Derived>
class JsonEvents {
 public:
  void value(std::string_view s) { self().string(s); }
  void value(const std::string& s) { self().string(s); }
  void value(const char* s) { self().string(s); }
  void value(int64_t v) { self().integer(v); }
  void value(int v) { self().integer(v); }
  void value(double v) { self().number(v); }
  void value(bool v) { self().boolean(v); }
  void value(std::nullptr_t) { self().null(); }
  template <class T>
  void value(const std::optional<T>& v) {
    if (v)
      value(*v);
    else
      self().null();
  }
  // "" as null (optional text columns stored as empty strings).
  void string_or_null(const std::string& s) {
    if (s.empty())
      self().null();
    else
      self().string(s);
  }

  template <class V>
  void field(std::string_view k, const V& v) {
    self().key(k);
    value(v);
  }
  void field_or_null(std::string_view k, const std::string& s) {
    self().key(k);
    string_or_null(s);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

// Writes JSON text into a string it owns; take() hands it over.
class JsonWriter : public JsonEvents<JsonWriter> {
 public:
  // `expected`: the size the text will roughly have (it grows as needed).
  explicit JsonWriter(std::size_t expected = 1024) { buf_.resize(expected); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k) {
    quoted(k, 1);
    put(':');
    first_ = true;  // the value that follows takes no comma
  }
  void string(std::string_view s) {
    quoted(s, 0);
    first_ = false;
  }
  void integer(int64_t v);
  void number(double v);
  void boolean(bool v) { literal(v ? std::string_view("true") : std::string_view("false")); }
  void null() { literal("null"); }
  // A DOM value, as boost::json::serialize writes it.
  void dom_value(const boost::json::value& v);
  // `json`, the text of one whole JSON value, copied as it is: the caller
  // vouches that it is valid JSON (nothing is checked). For text the server
  // wrote itself and stored (see app/ledger_fields.h scan_ledger_fields).
  void raw_value(std::string_view json) {
    sep();
    append(json);
    first_ = false;
  }

  // The text written so far; the writer is empty afterwards.
  std::string take() {
    buf_.resize(len_);
    len_ = 0;
    first_ = true;
    return std::move(buf_);
  }

 private:
  // Makes room for n more bytes and returns where they go.
  char* room(std::size_t n) {
    if (len_ + n > buf_.size()) grow(n);
    return buf_.data() + len_;
  }
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++len_;
  }
  void sep() {
    if (!first_) put(',');
  }
  void open(char c) {
    sep();
    put(c);
    first_ = true;
  }
  void close(char c) {
    put(c);
    first_ = false;
  }
  void literal(std::string_view s) {
    char* p = room(s.size() + 1);
    if (!first_) {
      *p++ = ',';
      ++len_;
    }
    std::memcpy(p, s.data(), s.size());
    len_ += s.size();
    first_ = false;
  }
  // Writes the separator if due, then s as a JSON string, with `extra`
  // more bytes of room for the caller.
  void quoted(std::string_view s, std::size_t extra);
  void append(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    len_ += s.size();
  }

  std::string buf_;  // buf_[0, len_) is the text; the rest is room
  std::size_t len_ = 0;
  // True right after a begin or a key (and before the first value): no comma.
  bool first_ = true;
  boost::json::serializer sr_;  // for doubles and strings that need escaping
};

// Builds a boost::json::value in `sp` from the same events.
class DomWriter : public JsonEvents<DomWriter> {
 public:
  explicit DomWriter(boost::json::storage_ptr sp = {}) { st_.reset(std::move(sp)); }

  void begin_object() { open(); }
  void end_object() { st_.push_object(close()); }
  void begin_array() { open(); }
  void end_array() { st_.push_array(close()); }
  void key(std::string_view k) { st_.push_key(k); }
  void string(std::string_view s) {
    st_.push_string(s);
    count();
  }
  void integer(int64_t v) {
    st_.push_int64(v);
    count();
  }
  void number(double v) {
    st_.push_double(v);
    count();
  }
  void boolean(bool v) {
    st_.push_bool(v);
    count();
  }
  void null() {
    st_.push_null();
    count();
  }
  // A DOM value, copied into the one being built.
  void dom_value(const boost::json::value& v);
  // The finished value (after the outermost end_*).
  boost::json::value release() { return st_.release(); }

 private:
  void open() { counts_.push_back(0); }
  std::size_t close() {
    std::size_t n = counts_.back();
    counts_.pop_back();
    count();
    return n;
  }
  void count() {
    if (!counts_.empty()) ++counts_.back();
  }

  boost::json::value_stack st_;
  std::vector<std::size_t> counts_;  // elements so far in each open container
};

}  // namespace lantian::app
