// HJ 212-2017 (污染物在线监控（监测）系统数据传输标准), the protocol by which micro
// air stations and online monitors push data over TCP: the frame, its CRC,
// the data segment and its CP data area, a streaming decoder for a TCP byte
// stream, and the 9014 data reply. Pure code: no sockets, threads or clock;
// the caller owns the connection, checks PW against MN and stores the data.
//
// Frame (HJ 212-2017 6.3.1): "##" + 4 decimal digits (the data segment's
// length in bytes) + data segment + 4 hex digits (CRC16 of the data segment,
// appendix A) + "\r\n". The standard caps the data segment at 1024 bytes
// (Hj212DecoderOptions::max_data_length, raise it up to 9999 for devices that
// send more). The CRC hex is written in upper case and read in either case.
//
// Data segment (6.3.2): QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&&…&&
// in any order. CP (6.3.3): items "Key=value"; ';' between pollutants, ','
// between the items of one pollutant; pollutant items are "code-Field=value"
// (a34004-Rtd=35.2, a34004-Flag=N), others are parameters (DataTime=…).
//
// Commands: 2011 real-time, 2051 minute, 2061 hourly and 2031 daily data
// uploads are supported; any other CN parses (fields and CP kept) as
// Hj212Command::unsupported. DataTime is Beijing local time, held in a
// sys_seconds as it reads (no time-zone conversion, as io/aq_csv.h): for 2011
// the sampling instant, for 2051/2061/2031 the START of the period (HJ 212-2017
// table 4 and tables C.17, C.18). Lantian's hours are named by their end:
// hour_end() gives DataTime + 1 h for 2061.
//
// Concentrations of the six AQI pollutants (HJ 212-2017 table B.2 and HJ
// 524-2009 codes; the 2005 edition's codes are not read): SO2 a21026, NO2
// a21004, CO a21005, O3 a05024, PM10 a34002, PM2.5 a34004. The frame carries
// no unit: they are read as µg/m³ and CO as mg/m³, as ambient-air and micro
// stations send them; an emission source (ST=31, table B.2's mg/m³) must not
// be fed to the AQI. The value is Rtd for 2011 and Avg for the others.
//
// Data flags (6.6.4 table 8): N normal and T over the instrument's upper
// range limit are valid for the AQI (T is a real high reading, clipped at the
// range: a lower bound); F stopped, M maintenance, S manual set value, D
// fault, C calibration, B communication fault and any other letter are not.
// A pollutant without a Flag item is valid (many stations send none).
//
// Thread-safety: the functions are pure; an Hj212Decoder is a plain value
// for one connection (no internal locking).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aq/types.h"
#include "core/error.h"

namespace lantian::io {

// ---- frame ------------------------------------------------------------------

// HJ 212-2017 appendix A: reflected polynomial 0xA001, initial 0xFFFF, and
// each byte XORed into the register's HIGH byte shifted down (crc = (crc >>
// 8) ^ byte) — not CRC-16/MODBUS. Bytes as sent (UTF-8 for Chinese text).
uint16_t hj212_crc16(std::string_view data_segment);

// "##" + length + data_segment + CRC (upper-case hex) + "\r\n".
// Precondition: data_segment.size() <= 9999 (else std::length_error).
std::string encode_frame(std::string_view data_segment);

// Stable codes of what the decoder rejects (Hj212Decoded::error).
inline constexpr std::string_view kHj212Garbage = "hj212_garbage";       // bytes outside any frame
inline constexpr std::string_view kHj212BadLength = "hj212_bad_length";  // length not 4 digits, or no
                                                                         // "\r\n" where it says
inline constexpr std::string_view kHj212TooLong = "hj212_too_long";      // length over max_data_length
inline constexpr std::string_view kHj212BadCrc = "hj212_bad_crc";        // CRC not 4 hex or not the data's

// One complete frame (exactly, nothing before or after) → its data segment.
// Errors: invalid, the message starting with one of the codes above.
Result<std::string> decode_frame(std::string_view frame);

struct Hj212DecoderOptions {
  // Longest data segment accepted: 1024 is HJ 212-2017's limit (table 2);
  // at most 9999 (the 4-digit length field).
  size_t max_data_length = 1024;
};

// What the decoder found next in the stream: a frame (error empty, data = its
// data segment) or a rejection (error = one of the codes, detail in English
// for the log). `bytes` is how many bytes of the stream it covers.
struct Hj212Decoded {
  std::string_view error;
  std::string data;
  std::string detail;
  size_t bytes = 0;

  bool ok() const { return error.empty(); }
};

// A TCP byte stream → frames. feed() the bytes as they arrive, in pieces of
// any size, then take the results with next() until it returns nullopt.
// Resynchronises on the next "##" after garbage or a rejected frame: a frame
// with a bad CRC is skipped whole; after a bad length or an over-long length
// the search for "##" resumes one byte after the rejected "##" (bytes skipped
// then are reported as hj212_garbage). A run of garbage is reported once
// when a "##" ends it, or at the end of the feed() that skipped it.
// A declared length longer than the data is noticed as soon as a "\r\n"
// arrives early (a data segment holds no CR or LF).
//
// Memory: the decoder keeps at most max_buffer() bytes of undecoded input,
// whatever is fed (garbage is counted, not kept); the queue of results grows
// with what feed() found until next() takes it.
class Hj212Decoder {
 public:
  explicit Hj212Decoder(Hj212DecoderOptions options = {});

  void feed(std::string_view bytes);
  std::optional<Hj212Decoded> next();

  size_t buffered() const { return buf_.size(); }
  size_t max_buffer() const { return options_.max_data_length + 12; }

 private:
  // Decodes what buf_ holds; false when it needs more bytes.
  bool step();
  void drop(size_t n, bool as_garbage);
  void flush_garbage();
  void emit(std::string_view error, std::string detail, size_t bytes, std::string data = {});

  Hj212DecoderOptions options_;
  std::string buf_;
  size_t garbage_ = 0;
  std::deque<Hj212Decoded> out_;
};

// ---- data segment -------------------------------------------------------------

enum class Hj212Command { realtime, minute, hourly, daily, unsupported };
// "2011", "2051", "2061", "2031", "unsupported".
std::string_view name(Hj212Command c);

// xxxxxx-Flag (HJ 212-2017 table 8); absent = no Flag item.
enum class Hj212DataFlag {
  absent,
  normal,
  stopped,
  maintenance,
  manual,
  fault,
  calibration,
  over_limit,
  comm_fault,
  other
};
// 'N' normal, 'F' stopped, 'M' maintenance, 'S' manual, 'D' fault,
// 'C' calibration, 'T' over_limit, 'B' comm_fault; anything else other.
Hj212DataFlag parse_data_flag(std::string_view text);
// absent, normal and over_limit.
bool valid_for_aq(Hj212DataFlag f);

// An exact decimal as sent: value = mantissa / 10^scale ("-3.50" → -350, 2).
// Up to 18 digits, optional leading '-', digits on both sides of a '.'.
struct Hj212Decimal {
  int64_t mantissa = 0;
  int scale = 0;
  friend bool operator==(const Hj212Decimal&, const Hj212Decimal&) = default;
};
// Errors: invalid, naming the text (empty, not a number, over 18 digits).
Result<Hj212Decimal> parse_decimal(std::string_view text);
// Thousandths of the unit, exact: nullopt when a non-zero digit lies beyond
// the third decimal ("0.1234"); trailing zeros are fine ("2.69700" → 2697).
std::optional<int64_t> to_milli(Hj212Decimal d);

// One "code-Field=value" item of CP.
struct Hj212Value {
  std::string field;  // "Rtd", "Avg", "Flag", "SampleTime", …
  std::string text;   // as sent
  // For Rtd, Min, Avg, Max, ZsRtd, ZsMin, ZsAvg, ZsMax and Cou, when the text
  // is a number (otherwise an issue names the item).
  std::optional<Hj212Decimal> number;
};

struct Hj212Pollutant {
  std::string code;                // "a34004"
  std::vector<Hj212Value> values;  // in the order sent
  Hj212DataFlag flag = Hj212DataFlag::absent;

  const Hj212Value* find(std::string_view field) const;
};

// Something wrong with one CP item; the rest of the packet is still read.
struct Hj212Issue {
  std::string item;     // "a34004-Rtd"
  std::string message;  // English
};

struct Hj212Packet {
  std::string qn, st, cn, pw, mn;  // as sent (QN may be empty)
  int flag = 0;                    // 0–255; 0 when absent
  std::optional<int> pnum, pno;    // packet count and number (D bit)
  Hj212Command command = Hj212Command::unsupported;

  // CP's DataTime (Beijing local time, as sent; see the top of this file).
  std::optional<std::chrono::sys_seconds> data_time;
  // CP items without a pollutant code, DataTime excluded ("ExeRtn", "1").
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Hj212Pollutant> pollutants;  // in the order first sent
  // Header fields this codec does not know, kept as sent.
  std::vector<std::pair<std::string, std::string>> other_fields;

  // The six AQI concentrations (aq::Pollutant order), aq::kNa where absent,
  // flagged invalid, or not a concentration (negative, over aq::kMilliMax,
  // non-zero digits beyond three decimals: with an issue). All kNa for
  // unsupported commands.
  std::array<aq::Milli, aq::kPollutantCount> concentrations{aq::kNa, aq::kNa, aq::kNa,
                                                            aq::kNa, aq::kNa, aq::kNa};
  std::vector<Hj212Issue> issues;

  int version() const { return flag >> 2; }        // 1 = HJ 212-2017, 0 = HJ/T 212-2005
  bool packetized() const { return flag & 2; }     // D
  bool ack_requested() const { return flag & 1; }  // A
  const Hj212Pollutant* find(std::string_view code) const;
};

// The data segment of a frame → a packet. Errors (invalid, naming the field):
// a field without '=', the same field twice, no CP=&&…&&, a missing ST, CN,
// PW or MN, a Flag that is not 0–255, the D bit without PNUM and PNO as
// numbers; for the supported commands a missing or impossible DataTime, a
// 2061 DataTime that is not a whole hour, a 2031 one that is not midnight.
// Bad CP items are issues, not errors: an item without '=', an empty code or
// field, the same item twice (the first is kept), a number that is not one.
Result<Hj212Packet> parse_packet(std::string_view data_segment);

// For 2061: the end of the hour (DataTime + 1 h), Lantian's name of the hour.
std::optional<std::chrono::sys_seconds> hour_end(const Hj212Packet& p);

// The 9014 data reply (HJ 212-2017 tables C.14, C.17, C.18) to an upload
// whose Flag has the A bit, as a frame: "QN=<its QN>;ST=91;CN=9014;PW=<its
// PW>;MN=<its MN>;Flag=4;CP=&&&&" (Flag 4 = version 2017, no A, no D).
// nullopt when none is due: no A bit, not a supported data upload, or no QN.
// It acknowledges receipt: send it once the data is stored, so that a device
// whose data was lost sends it again.
std::optional<std::string> data_reply(const Hj212Packet& p);

}  // namespace lantian::io
