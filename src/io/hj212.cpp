#include "io/hj212.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace lantian::io {
namespace {

using std::chrono::sys_seconds;

constexpr size_t kHeader = 6;   // "##" + 4 digits
constexpr size_t kTrailer = 6;  // 4 hex + "\r\n"

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// 4 decimal digits → the length; nullopt otherwise.
std::optional<size_t> length_field(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + size_t(c - '0');
  }
  return n;
}

// 4 hex digits (either case) → the CRC; nullopt otherwise.
std::optional<uint16_t> crc_field(std::string_view s) {
  unsigned v = 0;
  for (char c : s) {
    int h = hex_value(c);
    if (h < 0) return std::nullopt;
    v = v * 16 + unsigned(h);
  }
  return uint16_t(v);
}

std::string hex4(uint16_t v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {kHex[(v >> 12) & 15], kHex[(v >> 8) & 15], kHex[(v >> 4) & 15], kHex[v & 15]};
}

// Checks the CRC of a frame whose bytes are all there; "" when right, else
// the detail.
std::string crc_problem(std::string_view data, std::string_view crc_text) {
  auto crc = crc_field(crc_text);
  if (!crc) return "CRC " + quoted(crc_text) + " is not 4 hex digits";
  uint16_t want = hj212_crc16(data);
  if (*crc != want) return "CRC " + quoted(crc_text) + " is not the data segment's (" + hex4(want) + ")";
  return {};
}

std::optional<int> small_number(std::string_view s, int max) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

// YYYYMMDDhhmmss → the time as it reads; nullopt when impossible.
std::optional<sys_seconds> parse_data_time(std::string_view s) {
  if (s.size() != 14 || !std::all_of(s.begin(), s.end(), is_digit)) return std::nullopt;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)}, std::chrono::month(unsigned(num(4, 2))),
                                  std::chrono::day(unsigned(num(6, 2)))};
  int hh = num(8, 2), mm = num(10, 2), ss = num(12, 2);
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return sys_seconds{std::chrono::sys_days{ymd}} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

bool numeric_field(std::string_view f) {
  static constexpr std::string_view kNumeric[] = {"Rtd",   "Min",   "Avg",   "Max", "ZsRtd",
                                                  "ZsMin", "ZsAvg", "ZsMax", "Cou"};
  return std::find(std::begin(kNumeric), std::end(kNumeric), f) != std::end(kNumeric);
}

// HJ 212-2017 table B.2 / HJ 524-2009, in aq::Pollutant order.
constexpr std::array<std::string_view, aq::kPollutantCount> kAqCodes = {"a21026", "a21004", "a21005",
                                                                        "a05024", "a34002", "a34004"};

Hj212Command command_of(std::string_view cn) {
  if (cn == "2011") return Hj212Command::realtime;
  if (cn == "2051") return Hj212Command::minute;
  if (cn == "2061") return Hj212Command::hourly;
  if (cn == "2031") return Hj212Command::daily;
  return Hj212Command::unsupported;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    parts.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return parts;
}

// Reads the CP data area into p (items, DataTime, pollutants, issues).
void parse_cp(std::string_view cp, Hj212Packet& p, std::optional<std::string>& data_time_text) {
  if (cp.empty()) return;
  for (std::string_view entry : split(cp, ';')) {
    for (std::string_view item : split(entry, ',')) {
      if (item.empty()) continue;  // "a;;b", a trailing ';'
      size_t eq = item.find('=');
      if (eq == std::string_view::npos) {
        p.issues.push_back({std::string(item), "item " + quoted(item) + " has no '='"});
        continue;
      }
      std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
      size_t dash = key.find('-');
      if (dash == std::string_view::npos) {
        if (key.empty()) {
          p.issues.push_back({std::string(item), "item " + quoted(item) + " has no name"});
        } else if (key == "DataTime") {
          if (data_time_text)
            p.issues.push_back({"DataTime", "DataTime given twice (the first is kept)"});
          else
            data_time_text = std::string(value);
        } else {
          p.params.emplace_back(key, value);
        }
        continue;
      }
      std::string_view code = key.substr(0, dash), field = key.substr(dash + 1);
      if (code.empty() || field.empty()) {
        p.issues.push_back({std::string(key), "item " + quoted(item) + " has an empty code or field"});
        continue;
      }
      auto it = std::find_if(p.pollutants.begin(), p.pollutants.end(),
                             [&](const Hj212Pollutant& x) { return x.code == code; });
      if (it == p.pollutants.end()) {
        p.pollutants.push_back({std::string(code), {}, Hj212DataFlag::absent});
        it = p.pollutants.end() - 1;
      }
      if (it->find(field)) {
        p.issues.push_back({std::string(key), std::string(key) + " given twice (the first is kept)"});
        continue;
      }
      Hj212Value v{std::string(field), std::string(value), std::nullopt};
      if (numeric_field(field)) {
        auto d = parse_decimal(value);
        if (d.ok())
          v.number = *d;
        else
          p.issues.push_back({std::string(key), d.error().message});
      } else if (field == "Flag") {
        it->flag = parse_data_flag(value);
      }
      it->values.push_back(std::move(v));
    }
  }
}

// Fills p.concentrations for a supported upload.
void map_aq(Hj212Packet& p) {
  std::string_view field = p.command == Hj212Command::realtime ? "Rtd" : "Avg";
  for (int i = 0; i < aq::kPollutantCount; ++i) {
    const Hj212Pollutant* pol = p.find(kAqCodes[size_t(i)]);
    if (!pol || !valid_for_aq(pol->flag)) continue;
    const Hj212Value* v = pol->find(field);
    if (!v || !v->number) continue;  // absent, or not a number (already an issue)
    std::string item = pol->code + "-" + std::string(field);
    auto m = to_milli(*v->number);
    if (!m) {
      p.issues.push_back({item, quoted(v->text) + " has more than three decimals"});
    } else if (*m < 0) {
      p.issues.push_back({item, quoted(v->text) + " is negative, not a concentration"});
    } else if (*m > aq::kMilliMax) {
      p.issues.push_back({item, quoted(v->text) + " is over the largest concentration (99999.999)"});
    } else {
      p.concentrations[size_t(i)] = aq::Milli(*m);
    }
  }
}

}  // namespace

// ---- frame ------------------------------------------------------------------

namespace {

// The eight shift-and-xor rounds of the standard's CRC for each low byte
// (the rounds are linear and the high byte only shifts through them).
constexpr std::array<uint16_t, 256> kCrcRounds = [] {
  std::array<uint16_t, 256> t{};
  for (unsigned v = 0; v < 256; ++v) {
    unsigned crc = v;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xA001 : crc >> 1;
    t[v] = uint16_t(crc);
  }
  return t;
}();

}  // namespace

uint16_t hj212_crc16(std::string_view data_segment) {
  // The standard's definition, per byte: crc = (crc >> 8) ^ byte, then eight
  // rounds of "shift right, xor 0xA001 if the bit shifted out was 1".
  unsigned crc = 0xFFFF;
  for (char ch : data_segment) {
    crc = (crc >> 8) ^ static_cast<unsigned char>(ch);
    crc = (crc >> 8) ^ kCrcRounds[crc & 0xFF];
  }
  return uint16_t(crc);
}

std::string encode_frame(std::string_view data_segment) {
  if (data_segment.size() > 9999) throw std::length_error("HJ 212 data segment over 9999 bytes");
  std::string len = std::to_string(data_segment.size());
  std::string out = "##" + std::string(4 - len.size(), '0') + len;
  out += data_segment;
  out += hex4(hj212_crc16(data_segment));
  out += "\r\n";
  return out;
}

Result<std::string> decode_frame(std::string_view frame) {
  auto fail = [](std::string_view code, const std::string& detail) {
    return Error::invalid(std::string(code) + ": " + detail);
  };
  if (frame.size() < kHeader + kTrailer || frame.substr(0, 2) != "##")
    return fail(kHj212BadLength, "not a frame (no \"##\" and length)");
  auto len = length_field(frame.substr(2, 4));
  if (!len) return fail(kHj212BadLength, "length " + quoted(frame.substr(2, 4)) + " is not 4 digits");
  if (frame.size() != kHeader + *len + kTrailer || frame.substr(frame.size() - 2) != "\r\n")
    return fail(kHj212BadLength, "length " + std::to_string(*len) + " does not match the frame");
  std::string_view data = frame.substr(kHeader, *len);
  if (auto problem = crc_problem(data, frame.substr(kHeader + *len, 4)); !problem.empty())
    return fail(kHj212BadCrc, problem);
  return std::string(data);
}

Hj212Decoder::Hj212Decoder(Hj212DecoderOptions options) : options_(options) {
  options_.max_data_length = std::min<size_t>(options_.max_data_length, 9999);
}

void Hj212Decoder::feed(std::string_view bytes) {
  // Append no more than the buffer may hold, decode, repeat: step() consumes
  // until what is left is a partial frame, which is shorter than max_buffer().
  while (!bytes.empty()) {
    size_t room = max_buffer() - buf_.size();
    size_t n = std::min(room, bytes.size());
    buf_.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    while (step()) {
    }
  }
  flush_garbage();
}

std::optional<Hj212Decoded> Hj212Decoder::next() {
  if (out_.empty()) return std::nullopt;
  Hj212Decoded d = std::move(out_.front());
  out_.pop_front();
  return d;
}

void Hj212Decoder::drop(size_t n, bool as_garbage) {
  if (as_garbage) garbage_ += n;
  buf_.erase(0, n);
}

void Hj212Decoder::flush_garbage() {
  if (garbage_ == 0) return;
  size_t n = garbage_;
  garbage_ = 0;
  emit(kHj212Garbage, std::to_string(n) + " bytes outside any frame skipped", n);
}

void Hj212Decoder::emit(std::string_view error, std::string detail, size_t bytes, std::string data) {
  out_.push_back({error, std::move(data), std::move(detail), bytes});
}

bool Hj212Decoder::step() {
  // Find "##"; keep a last lone '#', it may start one.
  size_t start = buf_.find("##");
  if (start == std::string::npos) {
    size_t keep = !buf_.empty() && buf_.back() == '#' ? 1 : 0;
    drop(buf_.size() - keep, true);
    return false;
  }
  // Of a run of '#', the last two start the frame ("###0101…").
  while (start + 2 < buf_.size() && buf_[start + 2] == '#') ++start;
  if (start > 0) drop(start, true);
  if (buf_.size() < kHeader) return false;
  flush_garbage();

  std::string_view b = buf_;
  auto len = length_field(b.substr(2, 4));
  if (!len) {
    emit(kHj212BadLength, "length " + quoted(b.substr(2, 4)) + " is not 4 digits", 1);
    drop(1, false);
    return true;
  }
  if (*len > options_.max_data_length) {
    emit(kHj212TooLong,
         "length " + std::to_string(*len) + " is over " + std::to_string(options_.max_data_length), 1);
    drop(1, false);
    return true;
  }
  size_t total = kHeader + *len + kTrailer;
  // A data segment holds no CR or LF: one before the end means the length
  // is too long, without waiting for the bytes it claims.
  size_t crlf = b.substr(0, std::min(b.size(), total)).find("\r\n", kHeader);
  if (crlf != std::string_view::npos && crlf + 2 < total) {
    emit(kHj212BadLength,
         "length " + std::to_string(*len) + " does not match the frame (\\r\\n after " +
             std::to_string(crlf - kHeader) + " bytes)",
         1);
    drop(1, false);
    return true;
  }
  if (b.size() < total) return false;
  if (b.substr(total - 2, 2) != "\r\n") {
    emit(kHj212BadLength,
         "length " + std::to_string(*len) + " does not match the frame (no \\r\\n where it ends)", 1);
    drop(1, false);
    return true;
  }
  std::string_view data = b.substr(kHeader, *len);
  if (auto problem = crc_problem(data, b.substr(kHeader + *len, 4)); !problem.empty()) {
    emit(kHj212BadCrc, problem, total);
  } else {
    emit({}, {}, total, std::string(data));
  }
  drop(total, false);
  return true;
}

// ---- data segment -------------------------------------------------------------

std::string_view name(Hj212Command c) {
  switch (c) {
    case Hj212Command::realtime:
      return "2011";
    case Hj212Command::minute:
      return "2051";
    case Hj212Command::hourly:
      return "2061";
    case Hj212Command::daily:
      return "2031";
    case Hj212Command::unsupported:
      break;
  }
  return "unsupported";
}

Hj212DataFlag parse_data_flag(std::string_view text) {
  if (text.size() != 1) return Hj212DataFlag::other;
  switch (text[0]) {
    case 'N':
      return Hj212DataFlag::normal;
    case 'F':
      return Hj212DataFlag::stopped;
    case 'M':
      return Hj212DataFlag::maintenance;
    case 'S':
      return Hj212DataFlag::manual;
    case 'D':
      return Hj212DataFlag::fault;
    case 'C':
      return Hj212DataFlag::calibration;
    case 'T':
      return Hj212DataFlag::over_limit;
    case 'B':
      return Hj212DataFlag::comm_fault;
    default:
      return Hj212DataFlag::other;
  }
}

bool valid_for_aq(Hj212DataFlag f) {
  return f == Hj212DataFlag::absent || f == Hj212DataFlag::normal || f == Hj212DataFlag::over_limit;
}

Result<Hj212Decimal> parse_decimal(std::string_view text) {
  auto bad = [&](const std::string& why) { return Error::invalid(quoted(text) + " " + why); };
  if (text.empty()) return Error::invalid("empty value, not a number");
  std::string_view s = text;
  bool negative = s.front() == '-';
  if (negative) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  bool digits_only =
      std::all_of(whole.begin(), whole.end(), is_digit) && std::all_of(frac.begin(), frac.end(), is_digit);
  if (whole.empty() || !digits_only || (dot != std::string_view::npos && frac.empty()))
    return bad("is not a number");
  if (whole.size() + frac.size() > 18) return bad("has more than 18 digits");
  Hj212Decimal d;
  for (char c : whole) d.mantissa = d.mantissa * 10 + (c - '0');
  for (char c : frac) d.mantissa = d.mantissa * 10 + (c - '0');
  d.scale = int(frac.size());
  if (negative) d.mantissa = -d.mantissa;
  return d;
}

std::optional<int64_t> to_milli(Hj212Decimal d) {
  int64_t m = d.mantissa;
  int scale = d.scale;
  for (; scale > 3; --scale) {
    if (m % 10 != 0) return std::nullopt;
    m /= 10;
  }
  for (; scale < 3; ++scale) {
    if (m > INT64_MAX / 10 || m < INT64_MIN / 10) return std::nullopt;
    m *= 10;
  }
  return m;
}

const Hj212Value* Hj212Pollutant::find(std::string_view field) const {
  for (const auto& v : values)
    if (v.field == field) return &v;
  return nullptr;
}

const Hj212Pollutant* Hj212Packet::find(std::string_view code) const {
  for (const auto& p : pollutants)
    if (p.code == code) return &p;
  return nullptr;
}

Result<Hj212Packet> parse_packet(std::string_view seg) {
  // CP=&&…&& holds ';' of its own: cut it out first.
  size_t cp_at = std::string_view::npos;
  for (size_t at = seg.find("CP=&&"); at != std::string_view::npos; at = seg.find("CP=&&", at + 1)) {
    if (at == 0 || seg[at - 1] == ';') {
      cp_at = at;
      break;
    }
  }
  if (cp_at == std::string_view::npos) return Error::invalid("no CP=&&…&& in the data segment");
  size_t cp_begin = cp_at + 5;
  size_t cp_end = seg.find("&&", cp_begin);
  if (cp_end == std::string_view::npos) return Error::invalid("CP: no closing &&");
  size_t after = cp_end + 2;
  if (after < seg.size() && seg[after] != ';') return Error::invalid("CP: text after the closing &&");
  std::string_view cp = seg.substr(cp_begin, cp_end - cp_begin);
  std::string rest = std::string(seg.substr(0, cp_at));
  if (after < seg.size()) rest += seg.substr(after + 1);

  Hj212Packet p;
  std::optional<std::string> flag_text, pnum_text, pno_text;
  std::vector<std::string> seen;
  for (std::string_view field : split(rest, ';')) {
    if (field.empty()) continue;
    size_t eq = field.find('=');
    if (eq == std::string_view::npos) return Error::invalid("field " + quoted(field) + " has no '='");
    std::string key(field.substr(0, eq));
    std::string value(field.substr(eq + 1));
    if (key == "CP" || std::find(seen.begin(), seen.end(), key) != seen.end())
      return Error::invalid("field " + key + " given twice");
    seen.push_back(key);
    if (key == "QN")
      p.qn = value;
    else if (key == "ST")
      p.st = value;
    else if (key == "CN")
      p.cn = value;
    else if (key == "PW")
      p.pw = value;
    else if (key == "MN")
      p.mn = value;
    else if (key == "Flag")
      flag_text = value;
    else if (key == "PNUM")
      pnum_text = value;
    else if (key == "PNO")
      pno_text = value;
    else
      p.other_fields.emplace_back(std::move(key), std::move(value));
  }
  const std::pair<const char*, const std::string*> required[] = {
      {"ST", &p.st}, {"CN", &p.cn}, {"PW", &p.pw}, {"MN", &p.mn}};
  for (const auto& [key, value] : required)
    if (value->empty()) return Error::invalid(std::string("field ") + key + " is missing or empty");
  if (flag_text) {
    auto f = small_number(*flag_text, 255);
    if (!f) return Error::invalid("Flag " + quoted(*flag_text) + " is not a number 0–255");
    p.flag = *f;
  }
  if (pnum_text) p.pnum = small_number(*pnum_text, 9999);
  if (pno_text) p.pno = small_number(*pno_text, 9999);
  if (p.packetized() && (!p.pnum || !p.pno))
    return Error::invalid("Flag has the D bit but PNUM and PNO are not both numbers");
  p.command = command_of(p.cn);

  std::optional<std::string> data_time_text;
  parse_cp(cp, p, data_time_text);
  if (data_time_text) p.data_time = parse_data_time(*data_time_text);
  if (p.command == Hj212Command::unsupported) return p;

  if (!data_time_text) return Error::invalid("CN " + p.cn + ": no DataTime in CP");
  if (!p.data_time)
    return Error::invalid("DataTime " + quoted(*data_time_text) + " is not a time YYYYMMDDhhmmss");
  auto since_midnight = *p.data_time - std::chrono::floor<std::chrono::days>(*p.data_time);
  if (p.command == Hj212Command::hourly && since_midnight % std::chrono::hours{1} != std::chrono::seconds{0})
    return Error::invalid("CN 2061: DataTime " + *data_time_text + " is not the start of an hour");
  if (p.command == Hj212Command::daily && since_midnight != std::chrono::seconds{0})
    return Error::invalid("CN 2031: DataTime " + *data_time_text + " is not the start of a day");
  map_aq(p);
  return p;
}

std::optional<sys_seconds> hour_end(const Hj212Packet& p) {
  if (p.command != Hj212Command::hourly || !p.data_time) return std::nullopt;
  return *p.data_time + std::chrono::hours{1};
}

std::optional<std::string> data_reply(const Hj212Packet& p) {
  if (!p.ack_requested() || p.command == Hj212Command::unsupported || p.qn.empty()) return std::nullopt;
  return encode_frame("QN=" + p.qn + ";ST=91;CN=9014;PW=" + p.pw + ";MN=" + p.mn + ";Flag=4;CP=&&&&");
}

}  // namespace lantian::io
