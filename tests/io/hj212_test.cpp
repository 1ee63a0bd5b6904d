// HJ 212-2017 codec (io/hj212.h): the CRC against frames published with their
// CRC, data-segment parsing to exact concentrations, the streaming decoder's
// resynchronisation and memory bound, and the 9014 data reply.
#include "io/hj212.h"

#include <gtest/gtest.h>

#include <random>

namespace lantian::io {
namespace {

using namespace std::chrono;

sys_seconds at(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

// Published frames, each with the CRC its source printed (not computed here).
struct Sample {
  const char* source;
  std::string frame;
};
// HJ 212-2017 appendix A's own example (the text says "1C08" once, a typo for
// the 1C80 in the frame), as mirrored by the PDF in
// https://github.com/1249993110/IceCoffee.HJ212 (docs/) and
// https://www.cnblogs.com/LiuSiyuan/p/8110192.html
const Sample kStandard{
    "HJ 212-2017 appendix A",
    "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
    "CP=&&RtdInterval=30&&1C80\r\n"};
// A micro air station's 2011 frame, captured as hex:
// https://blog.csdn.net/qq_17486399/article/details/143863664
const Sample kMicroStation{
    "blog.csdn.net/qq_17486399/article/details/143863664",
    "##0313QN=20241115190408000;ST=27;CN=2011;PW=123456;MN=AQI2411132600332;Flag=5;CP=&&DataTime="
    "20241115190408;a21026-Rtd=117;a21004-Rtd=16;o31104-Rtd=29;a21005-Rtd=0.14;a34004-Rtd=6;a34002-Rtd=6;"
    "a34001-Rtd=6;a01001-Rtd=28.1;a01002-Rtd=68;LA-Rtd=49;a01006-Rtd=1002;a06001-Rtd=0.0;a04003-Rtd=0;"
    "a01007-Rtd=0.0;a01008-Rtd=70&&9901\r\n"};
// A 2061 hourly frame: https://github.com/1249993110/IceCoffee.HJ212 (README.md)
const Sample kHourly{
    "github.com/1249993110/IceCoffee.HJ212 README.md",
    "##0285QN=20190925181031464;ST=22;CN=2061;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=5;CP=&&"
    "DataTime=20190924220000;a34006-Avg=2.69700,a34006-Flag=N;a34007-Avg=7.96600,a34007-Flag=N;a34048-Avg="
    "3.30600,a34048-Flag=N;a34047-Avg=7.35700,a34047-Flag=N;a34049-Avg=10.66300,a34049-Flag=N&&C181\r\n"};

std::string segment_of(const std::string& frame) { return frame.substr(6, frame.size() - 12); }

// Every item of a decoder, drained.
std::vector<Hj212Decoded> drain(Hj212Decoder& d) {
  std::vector<Hj212Decoded> out;
  while (auto x = d.next()) out.push_back(std::move(*x));
  return out;
}

std::vector<std::string> frames_of(const std::vector<Hj212Decoded>& items) {
  std::vector<std::string> out;
  for (const auto& x : items)
    if (x.ok()) out.push_back(x.data);
  return out;
}

std::vector<std::string_view> errors_of(const std::vector<Hj212Decoded>& items) {
  std::vector<std::string_view> out;
  for (const auto& x : items)
    if (!x.ok()) out.push_back(x.error);
  return out;
}

const std::string kHourAq =
    "QN=20240115100000001;ST=22;CN=2061;PW=123456;MN=LT0001;Flag=5;CP=&&DataTime=20240115090000;"
    "a21026-Avg=8,a21026-Flag=N;a21004-Avg=35.2,a21004-Flag=N;a21005-Avg=0.85,a21005-Flag=N;"
    "a05024-Avg=61.5,a05024-Flag=T;a34002-Avg=102.00000,a34002-Flag=N;a34004-Avg=75.125,a34004-Flag=M&&";

TEST(Hj212Crc, PublishedSamplesCheck) {
  for (const Sample* s : {&kStandard, &kMicroStation, &kHourly}) {
    SCOPED_TRACE(s->source);
    std::string seg = segment_of(s->frame);
    EXPECT_EQ(encode_frame(seg), s->frame);  // length, CRC and trailer as published
    auto d = decode_frame(s->frame);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(*d, seg);
  }
  EXPECT_EQ(hj212_crc16(segment_of(kStandard.frame)), 0x1C80);
  // Not CRC-16/MODBUS (which gives 0x0759 for the standard's example).
  EXPECT_NE(hj212_crc16(segment_of(kStandard.frame)), 0x0759);
}

// The table-driven CRC is the standard's bit-by-bit definition.
TEST(Hj212Crc, EqualsTheBitwiseDefinition) {
  auto bitwise = [](std::string_view data) {
    unsigned crc = 0xFFFF;
    for (char ch : data) {
      crc = (crc >> 8) ^ static_cast<unsigned char>(ch);
      for (int bit = 0; bit < 8; ++bit) {
        bool lsb = crc & 1;
        crc >>= 1;
        if (lsb) crc ^= 0xA001;
      }
    }
    return uint16_t(crc);
  };
  std::mt19937 rng(212);
  for (int n = 0; n < 2000; ++n) {
    std::string data(size_t(rng() % 600), '\0');
    for (char& ch : data) ch = char(rng() & 0xFF);
    ASSERT_EQ(hj212_crc16(data), bitwise(data)) << n;
  }
}

TEST(Hj212Packet, RealTimeFromMicroStation) {
  auto p = parse_packet(segment_of(kMicroStation.frame));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->command, Hj212Command::realtime);
  EXPECT_EQ(p->qn, "20241115190408000");
  EXPECT_EQ(p->st, "27");
  EXPECT_EQ(p->pw, "123456");
  EXPECT_EQ(p->mn, "AQI2411132600332");
  EXPECT_EQ(p->flag, 5);
  EXPECT_EQ(p->version(), 1);
  EXPECT_TRUE(p->ack_requested());
  EXPECT_FALSE(p->packetized());
  EXPECT_EQ(p->data_time, at(2024, 11, 15, 19, 4, 8));
  EXPECT_EQ(hour_end(*p), std::nullopt);  // only 2061 has one
  ASSERT_EQ(p->pollutants.size(), 15u);
  EXPECT_EQ(p->pollutants[2].code, "o31104");  // the station's own O3 code: kept, not mapped
  ASSERT_NE(p->find("a01001"), nullptr);
  EXPECT_EQ(p->find("a01001")->find("Rtd")->number, (Hj212Decimal{281, 1}));
  EXPECT_EQ(p->find("LA")->find("Rtd")->text, "49");
  EXPECT_TRUE(p->issues.empty());
  EXPECT_EQ(p->concentrations, (std::array<aq::Milli, 6>{117000, 16000, 140, aq::kNa, 6000, 6000}));
}

TEST(Hj212Packet, HourlyValuesExactFlagsAndHourEnd) {
  auto p = parse_packet(kHourAq);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->command, Hj212Command::hourly);
  EXPECT_EQ(p->data_time, at(2024, 1, 15, 9));  // the start of the hour, as sent
  EXPECT_EQ(hour_end(*p), at(2024, 1, 15, 10));
  // SO2, NO2, CO (mg/m³), O3 flagged T (valid), PM10 with padded zeros,
  // PM2.5 flagged M (maintenance: invalid).
  EXPECT_EQ(p->concentrations, (std::array<aq::Milli, 6>{8000, 35200, 850, 61500, 102000, aq::kNa}));
  EXPECT_EQ(p->find("a34004")->flag, Hj212DataFlag::maintenance);
  EXPECT_EQ(p->find("a34004")->find("Avg")->number, (Hj212Decimal{75125, 3}));  // kept as parsed
  EXPECT_TRUE(p->issues.empty());

  auto h = parse_packet(segment_of(kHourly.frame));
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(hour_end(*h), at(2019, 9, 24, 23));
  EXPECT_EQ(h->find("a34049")->find("Avg")->number, (Hj212Decimal{1066300, 5}));
  EXPECT_EQ(to_milli(*h->find("a34006")->find("Avg")->number), 2697);
  EXPECT_EQ(h->concentrations,
            (std::array<aq::Milli, 6>{aq::kNa, aq::kNa, aq::kNa, aq::kNa, aq::kNa, aq::kNa}));
}

TEST(Hj212Packet, FieldsInAnyOrder) {
  auto p =
      parse_packet("CP=&&DataTime=20240115090000;a34004-Avg=12&&;MN=LT0001;Flag=4;PW=1;CN=2061;ST=22;QN=1");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->mn, "LT0001");
  EXPECT_EQ(p->concentrations[aq::index(aq::Pollutant::pm25)], 12000);
}

TEST(Hj212Packet, MalformedItemsAreIssuesNotWrongNumbers) {
  auto p = parse_packet(
      "QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=4;CP=&&DataTime=20240115090000;"
      "a34004-Rtd=3x5,a34004-Flag=N;a34002-Rtd=12.3456;a21026-Rtd;-Rtd=5;a21004-Rtd=-3;a21005-Rtd=1e3;"
      "a05024-Rtd=40,a05024-Rtd=41;a01001-Rtd=1.&&");
  ASSERT_TRUE(p.ok()) << p.error().message;
  std::vector<std::string> items;
  for (const auto& i : p->issues) items.push_back(i.item);
  EXPECT_EQ(items, (std::vector<std::string>{"a34004-Rtd", "a21026-Rtd", "-Rtd", "a21005-Rtd", "a05024-Rtd",
                                             "a01001-Rtd", "a21004-Rtd", "a34002-Rtd"}));
  EXPECT_NE(p->issues.back().message.find("more than three decimals"), std::string::npos);
  EXPECT_EQ(p->find("a34004")->find("Rtd")->text, "3x5");  // kept as sent, without a number
  EXPECT_FALSE(p->find("a34004")->find("Rtd")->number);
  // Only O3 (the first of its two values) is a concentration.
  EXPECT_EQ(p->concentrations,
            (std::array<aq::Milli, 6>{aq::kNa, aq::kNa, aq::kNa, 40000, aq::kNa, aq::kNa}));
}

TEST(Hj212Packet, StructuralErrors) {
  for (const char* bad : {
           "QN=1;ST=22;CN=2011;PW=1;Flag=4;CP=&&DataTime=20240115090000&&",         // no MN
           "QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=256;CP=&&DataTime=20240115090000&&",  // Flag
           "QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=6;CP=&&DataTime=20240115090000&&",    // D, no PNUM
           "QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=4&&",                                 // no CP
           "QN=1;ST=22;CN=2011;PW=1;MN=M;MN=N;CP=&&DataTime=20240115090000&&",      // MN twice
           "QN=1;ST=22;CN=2011;PW=1;MN=M;CP=&&a34004-Rtd=1&&",                      // no DataTime
           "QN=1;ST=22;CN=2011;PW=1;MN=M;CP=&&DataTime=20240230090000&&",           // 30 February
           "QN=1;ST=22;CN=2061;PW=1;MN=M;CP=&&DataTime=20240115093000&&",           // not an hour
           "QN=1;ST=22;CN=2031;PW=1;MN=M;CP=&&DataTime=20240115010000&&",           // not a day
       }) {
    EXPECT_FALSE(parse_packet(bad).ok()) << bad;
  }
  auto split =
      parse_packet("QN=1;ST=22;CN=2061;PW=1;MN=M;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20240115090000&&");
  ASSERT_TRUE(split.ok()) << split.error().message;
  EXPECT_TRUE(split->packetized());
  EXPECT_EQ(split->pnum, 2);
  EXPECT_EQ(split->pno, 1);
}

TEST(Hj212Packet, UnsupportedCommandIsParsedAndReported) {
  // The standard's own example (1062, real-time interval) and a vendor login.
  auto p = parse_packet(segment_of(kStandard.frame));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->command, Hj212Command::unsupported);
  EXPECT_EQ(name(p->command), "unsupported");
  EXPECT_EQ(p->cn, "1062");
  EXPECT_EQ(p->params, (std::vector<std::pair<std::string, std::string>>{{"RtdInterval", "30"}}));
  EXPECT_EQ(data_reply(*p), std::nullopt);  // A is set, but it is no data upload
  auto login = parse_packet("QN=1;ST=22;CN=9021;PW=1;MN=M;Flag=5;CP=&&&&");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->command, Hj212Command::unsupported);
}

TEST(Hj212Reply, DataReplyForTheABit) {
  auto p = parse_packet(kHourAq);
  ASSERT_TRUE(p.ok()) << p.error().message;
  auto reply = data_reply(*p);
  ASSERT_TRUE(reply);
  Hj212Decoder d;
  d.feed(*reply);
  auto items = drain(d);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].detail;
  EXPECT_EQ(items[0].data, "QN=20240115100000001;ST=91;CN=9014;PW=123456;MN=LT0001;Flag=4;CP=&&&&");
  auto r = parse_packet(items[0].data);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->qn, p->qn);
  EXPECT_EQ(r->st, "91");
  EXPECT_EQ(r->cn, "9014");
  EXPECT_EQ(r->flag, 4);
  EXPECT_FALSE(r->ack_requested());
  EXPECT_EQ(reply->substr(0, 6), "##0069");

  auto no_ack =
      parse_packet("QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=4;CP=&&DataTime=20240115090000;a34004-Rtd=1&&");
  ASSERT_TRUE(no_ack.ok());
  EXPECT_EQ(data_reply(*no_ack), std::nullopt);
}

TEST(Hj212Decoder, BadCrcIsSkippedAndTheNextFrameDecoded) {
  std::string bad = kStandard.frame;
  bad[bad.size() - 3] = '1';  // 1C80 → 1C81
  Hj212Decoder d;
  d.feed(bad + kMicroStation.frame);
  auto items = drain(d);
  EXPECT_EQ(errors_of(items), (std::vector<std::string_view>{kHj212BadCrc}));
  EXPECT_EQ(items[0].bytes, bad.size());
  EXPECT_EQ(frames_of(items), (std::vector<std::string>{segment_of(kMicroStation.frame)}));
}

TEST(Hj212Decoder, LowerCaseCrcIsAccepted) {
  std::string lower = kStandard.frame;  // …&&1C80 → …&&1c80
  lower[lower.size() - 5] = 'c';
  Hj212Decoder d;
  d.feed(lower);
  auto items = drain(d);
  EXPECT_EQ(frames_of(items), (std::vector<std::string>{segment_of(kStandard.frame)}));
  EXPECT_TRUE(decode_frame(lower).ok());
}

TEST(Hj212Decoder, LengthNotMatchingOrNotDigits) {
  std::string seg = segment_of(kStandard.frame);
  std::string shorter = "##0100" + seg + "1C80\r\n";  // one byte short of the data
  std::string longer = "##0150" + seg + "1C80\r\n";   // claims 49 bytes more
  std::string letters = "##01a1" + seg + "1C80\r\n";
  for (const std::string& bad : {shorter, longer, letters}) {
    SCOPED_TRACE(bad.substr(0, 6));
    Hj212Decoder d;
    d.feed(bad + kHourly.frame);
    auto items = drain(d);
    auto errors = errors_of(items);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0], kHj212BadLength);
    EXPECT_EQ(frames_of(items), (std::vector<std::string>{segment_of(kHourly.frame)}));
    size_t covered = 0;
    for (const auto& x : items) covered += x.bytes;
    EXPECT_EQ(covered, bad.size() + kHourly.frame.size());
    EXPECT_FALSE(decode_frame(bad).ok());
  }
  // Too long for the standard's 1024 (and a frame of 2000 bytes with 9999).
  std::string big = encode_frame(std::string(1900, 'x') + ";CP=&&&&");
  Hj212Decoder d;
  d.feed(big + kStandard.frame);
  auto items = drain(d);
  EXPECT_EQ(errors_of(items).front(), kHj212TooLong);
  EXPECT_EQ(frames_of(items), (std::vector<std::string>{segment_of(kStandard.frame)}));
  Hj212Decoder wide({.max_data_length = 9999});
  wide.feed(big);
  EXPECT_EQ(frames_of(drain(wide)).size(), 1u);
}

TEST(Hj212Decoder, FrameSplitAtEveryByte) {
  const std::string& f = kMicroStation.frame;
  for (size_t cut = 0; cut < f.size(); ++cut) {  // cut 0: all in the second read
    Hj212Decoder d;
    d.feed(std::string_view(f).substr(0, cut));
    auto first = drain(d);
    d.feed(std::string_view(f).substr(cut));
    auto items = drain(d);
    ASSERT_TRUE(first.empty()) << cut;
    ASSERT_EQ(items.size(), 1u) << cut;
    ASSERT_TRUE(items[0].ok()) << cut << ": " << items[0].detail;
    EXPECT_EQ(items[0].data, segment_of(f));
    EXPECT_EQ(d.buffered(), 0u);
  }
  Hj212Decoder bytewise;  // one byte a read
  for (char c : kHourly.frame + kStandard.frame) bytewise.feed(std::string_view(&c, 1));
  EXPECT_EQ(frames_of(drain(bytewise)).size(), 2u);
}

TEST(Hj212Decoder, ThreeFramesInOneRead) {
  Hj212Decoder d;
  d.feed(kStandard.frame + kMicroStation.frame + kHourly.frame);
  auto items = drain(d);
  EXPECT_EQ(frames_of(items),
            (std::vector<std::string>{segment_of(kStandard.frame), segment_of(kMicroStation.frame),
                                      segment_of(kHourly.frame)}));
  EXPECT_TRUE(errors_of(items).empty());
}

TEST(Hj212Decoder, GarbageBetweenFramesIsCounted) {
  Hj212Decoder d;
  d.feed("AT+OK\r\n#" + kStandard.frame + "xx#" + kHourly.frame.substr(0, 10));
  d.feed(kHourly.frame.substr(10));
  auto items = drain(d);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].error, kHj212Garbage);
  EXPECT_EQ(items[0].bytes, 8u);  // "AT+OK\r\n#": the lone '#' before "##" too
  EXPECT_TRUE(items[1].ok());
  EXPECT_EQ(items[2].error, kHj212Garbage);
  EXPECT_EQ(items[2].bytes, 3u);
  EXPECT_TRUE(items[3].ok());
}

TEST(Hj212Decoder, MegabyteOfGarbageThenAFrameInBoundedMemory) {
  std::mt19937 rng(212);
  std::string garbage(1 << 20, '\0');
  for (char& c : garbage) c = char(rng() & 0xFF);
  for (bool one_read : {true, false}) {
    SCOPED_TRACE(one_read ? "one read" : "4 KiB reads");
    Hj212Decoder d;
    size_t most = 0;
    std::string stream = garbage + kMicroStation.frame;
    if (one_read) {
      d.feed(stream);
    } else {
      for (size_t i = 0; i < stream.size(); i += 4096) {
        d.feed(std::string_view(stream).substr(i, 4096));
        most = std::max(most, d.buffered());
      }
    }
    EXPECT_LE(most, d.max_buffer());
    EXPECT_EQ(d.max_buffer(), 1036u);
    auto items = drain(d);
    ASSERT_FALSE(items.empty());
    EXPECT_TRUE(items.back().ok());
    EXPECT_EQ(items.back().data, segment_of(kMicroStation.frame));
    EXPECT_EQ(frames_of(items).size(), 1u);
    size_t covered = 0;
    for (const auto& x : items) covered += x.bytes;
    EXPECT_EQ(covered, stream.size());
    EXPECT_EQ(d.buffered(), 0u);
  }
}

TEST(Hj212Values, DecimalsAndFlags) {
  EXPECT_EQ(*parse_decimal("35.2"), (Hj212Decimal{352, 1}));
  EXPECT_EQ(to_milli(*parse_decimal("35.2")), 35200);
  EXPECT_EQ(to_milli(*parse_decimal("-0.5")), -500);
  EXPECT_EQ(to_milli(*parse_decimal("0.1234")), std::nullopt);
  for (const char* bad : {"", "-", ".5", "5.", "1e3", "+1", "1.2.3", " 1", "1234567890123456789"})
    EXPECT_FALSE(parse_decimal(bad).ok()) << bad;
  EXPECT_EQ(parse_data_flag("N"), Hj212DataFlag::normal);
  EXPECT_EQ(parse_data_flag("B"), Hj212DataFlag::comm_fault);
  EXPECT_EQ(parse_data_flag("n"), Hj212DataFlag::other);
  EXPECT_TRUE(valid_for_aq(Hj212DataFlag::over_limit));
  for (auto f :
       {Hj212DataFlag::stopped, Hj212DataFlag::maintenance, Hj212DataFlag::manual, Hj212DataFlag::fault,
        Hj212DataFlag::calibration, Hj212DataFlag::comm_fault, Hj212DataFlag::other})
    EXPECT_FALSE(valid_for_aq(f));
}

}  // namespace
}  // namespace lantian::io
