// lantian_bench_aq: the air-quality benchmarks of issue 13 (bench/run_aq.sh).
// Not a product feature and not a test.
//
//   lantian_bench_aq engine [--hours 10000000] [--repeat 3]
//       hourly_aqi (both editions) and the daily AQI from hours over
//       generated values already parsed; one thread.
//   lantian_bench_aq dump FILE...
//       each station-hour of the files (io/aq_csv.h) with the engine's hourly
//       AQI in both editions, one TSV line each, for bench/aq_reference.py;
//       also --synthetic N generated hours with every edge the engine has
//       (zeros, breakpoints, > 800, over-range, missing items).
//   lantian_bench_aq gen-csv --format cnemc|canonical --stations N --days D --out FILE
//   lantian_bench_aq csv FILE [--repeat 3]
//       read_aq_hours on the file held in memory: MB/s.
//   lantian_bench_aq hj212 [--frames 200000] [--repeat 3]
//       CN=2061 frames from a byte stream in 64 KiB reads: Hj212Decoder,
//       parse_packet and hour_end per frame.
//   lantian_bench_aq hj212-client --port P --stations N --connections C --hours H
//       a TCP client of `lantian serve --hj212-listen`: C connections, each its
//       share of the stations (codes BENCH212NNNNN, password kHj212Password),
//       H hours each, up to --window frames in flight per connection; counts
//       the 9014 replies.
//   lantian_bench_aq seed --db URL --admin-password PW --stations N --days D [--hj212 K]
//       a fresh database: the district of bench/org_seed.h (100 units), N
//       ambient stations with D days of hours ending with the last whole hour,
//       written through AqService::ingest (so aq_days is the product's),
//       and K HJ 212 micro stations without data.
//
// Values (gen_hour): a hash of (station, hour), no randomness, shaped like
// the North China plain's: PM2.5 high in winter and at night with multi-day
// episodes, O3 high on summer afternoons, NO2 at rush hours, CO with one
// decimal, ~1 % of items missing; SO2 above 800 µg/m³ about once in 100,000.
// Every KEY=VALUE line on stdout is for bench/run_aq.sh.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/actor.h"
#include "app/aq_service.h"
#include "aq/daily.h"
#include "aq/hourly.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/password_policy.h"
#include "io/aq_csv.h"
#include "io/csv_reader.h"
#include "io/hj212.h"
#include "org_seed.h"
#include "store/db.h"
#include "store/migrations.h"

namespace {

using namespace lantian;
using Steady = std::chrono::steady_clock;
using aq::kNa;
using aq::Milli;

constexpr const char* kHj212Password = "bench212";

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
double unit(uint64_t h, int k) { return double((h >> (k * 10)) & 1023) / 1023.0; }

// One station-hour's six concentrations (aq::Pollutant order, Milli); hour =
// the end of the hour, hours since 1970 Beijing time (app/aq_service.h).
std::array<Milli, aq::kPollutantCount> gen_hour(int64_t station, int64_t hour) {
  const uint64_t h = mix(uint64_t(station) * 1'000'003 + uint64_t(hour));
  // A regional episode lasts days: the same factor for every station of a
  // 3-day stretch, a little of the station's own on top.
  const uint64_t ep = mix(uint64_t(hour / 72) + 77);
  const double doy = double((hour / 24) % 365);
  const double winter = 0.5 + 0.5 * std::cos(2 * M_PI * (doy - 15) / 365);  // 1 mid-January, 0 mid-July
  const int hod = int(hour % 24);
  const double night = 0.5 + 0.5 * std::cos(2 * M_PI * (hod - 2) / 24);       // PM peaks at night
  const double afternoon = 0.5 + 0.5 * std::cos(2 * M_PI * (hod - 15) / 24);  // O3 peaks at 15:00
  const bool rush = (hod >= 7 && hod <= 9) || (hod >= 17 && hod <= 20);
  const double episode = 0.5 + 2.5 * unit(ep, 0) * unit(ep, 1) * (0.5 + winter);
  std::array<Milli, aq::kPollutantCount> c;
  const double pm25 = (18 + 60 * winter) * (0.7 + 0.6 * night) * episode * (0.8 + 0.4 * unit(h, 0));
  c[aq::index(aq::Pollutant::pm25)] = Milli(pm25) * 1000;
  c[aq::index(aq::Pollutant::pm10)] = Milli(pm25 * (1.3 + 0.8 * unit(h, 1))) * 1000;
  c[aq::index(aq::Pollutant::so2)] = Milli(4 + 30 * winter * unit(h, 2)) * 1000;
  if (h % 100'000 == 7) c[aq::index(aq::Pollutant::so2)] = 850'000;
  c[aq::index(aq::Pollutant::no2)] =
      Milli((15 + 35 * unit(h, 3)) * (rush ? 1.8 : 1.0) * (0.8 + 0.5 * winter)) * 1000;
  c[aq::index(aq::Pollutant::co)] = Milli((0.3 + 1.2 * winter * unit(h, 4)) * episode * 10) * 100;
  c[aq::index(aq::Pollutant::o3)] =
      Milli((10 + 190 * (1 - winter) * afternoon) * (0.7 + 0.6 * unit(h, 5))) * 1000;
  // ~1 % of items missing (an analyser in calibration).
  const uint64_t m = mix(h);
  if (m % 100 == 0) c[m / 100 % aq::kPollutantCount] = kNa;
  return c;
}

struct Args {
  std::vector<std::string> pos;
  std::vector<std::pair<std::string, std::string>> opt;
  std::string get(const std::string& k, const std::string& d = "") const {
    for (auto& [a, b] : opt)
      if (a == k) return b;
    return d;
  }
  int64_t num(const std::string& k, int64_t d) const {
    auto v = get(k);
    return v.empty() ? d : std::stoll(v);
  }
};

// ---- engine -------------------------------------------------------------------

int cmd_engine(const Args& a) {
  const int64_t n = a.num("--hours", 10'000'000);
  const int repeat = int(a.num("--repeat", 3));
  // A pool of 1,000,000 distinct station-hours (40 MB, far past the caches),
  // evaluated round and round until n: the values are read from memory as
  // they would be after parsing, not recomputed.
  const int64_t pool = std::min<int64_t>(n, 1'000'000);
  const int64_t stations = 1000, t0 = 490'000;  // 2025-11-24: hours on both sides of 2026-03-01
  std::vector<aq::HourlyInput> in(pool);
  for (int64_t i = 0; i < pool; ++i) in[i].c = gen_hour(i % stations, t0 + i / stations);
  uint64_t sink = 0;
  for (auto e : {aq::Edition::hj633_2026, aq::Edition::hj633_2012}) {
    double best = 1e9;
    for (int r = 0; r < repeat; ++r) {
      auto t = Steady::now();
      for (int64_t i = 0; i < n; ++i) {
        auto v = aq::hourly_aqi(in[i % pool], e);
        sink += uint64_t(v.summary.aqi) + v.summary.primary.bits;
      }
      best = std::min(best, secs_since(t));
    }
    std::printf("HOURLY_%s_SECS=%.3f\nHOURLY_%s_RATE=%.0f\n", std::string(aq::code(e)).c_str(), best,
                std::string(aq::code(e)).c_str(), double(n) / best);
  }
  // Daily: the same values as station-days (24 hours each).
  const int64_t days = pool / 24;
  std::vector<aq::DayHours> dh(days);
  for (int64_t d = 0; d < days; ++d)
    for (int h = 0; h < 24; ++h) dh[d].c[h] = gen_hour(d % stations, t0 + (d / stations) * 24 + h);
  const int64_t n_days = n / 24;
  for (auto e : {aq::Edition::hj633_2026, aq::Edition::hj633_2012}) {
    double best = 1e9;
    for (int r = 0; r < repeat; ++r) {
      auto t = Steady::now();
      for (int64_t i = 0; i < n_days; ++i) {
        auto v = aq::daily_aqi(aq::daily_concentrations(dh[i % days]), e);
        sink += uint64_t(v.summary.aqi);
      }
      best = std::min(best, secs_since(t));
    }
    std::printf("DAILY_%s_SECS=%.3f\nDAILY_%s_DAYS_RATE=%.0f\nDAILY_%s_HOURS_RATE=%.0f\n",
                std::string(aq::code(e)).c_str(), best, std::string(aq::code(e)).c_str(),
                double(n_days) / best, std::string(aq::code(e)).c_str(), double(n_days) * 24 / best);
  }
  std::printf("HOURS=%lld\nCHECKSUM=%llu\n", (long long)n, (unsigned long long)sink);
  return 0;
}

// ---- dump (for bench/aq_reference.py) ----------------------------------------

void dump_line(const aq::HourlyInput& in, aq::Edition e) {
  auto v = aq::hourly_aqi(in, e);
  std::printf("%s", std::string(aq::code(e)).c_str());
  for (Milli c : in.c) std::printf("\t%d", c);
  std::printf("\t%lld\t%d\t%d\t%u\t%u", (long long)in.so2_24h.sum, in.so2_24h.count, v.summary.aqi,
              unsigned(v.summary.primary.bits), unsigned(v.summary.level));
  for (auto i : v.iaqi) std::printf("\t%d", i);
  std::printf("\n");
}

int cmd_dump(const Args& a) {
  int64_t n = 0;
  for (size_t f = 1; f < a.pos.size(); ++f) {
    std::ifstream is(a.pos[f], std::ios::binary);
    std::stringstream ss;
    ss << is.rdbuf();
    auto r = io::read_aq_hours(ss.str());
    if (!r.ok()) return std::fprintf(stderr, "%s: %s\n", a.pos[f].c_str(), r.error().message.c_str()), 1;
    for (const auto& h : r->hours) {
      for (auto e : {aq::Edition::hj633_2012, aq::Edition::hj633_2026}) dump_line(h.input, e);
      ++n;
    }
  }
  // Edges: values drawn from the breakpoints ±1 thousandth, zeros, > 800,
  // over-range and missing items, with and without an SO2 24-hour mean.
  static const int kEdges[] = {0,   1,   35,   50,   60,   75,   100,  115,  120,  150,  160, 200,
                               250, 265, 280,  300,  350,  420,  475,  500,  600,  650,  700, 750,
                               800, 940, 1000, 1200, 1600, 2100, 2340, 2620, 3090, 3840, 5,   10,
                               14,  24,  35,   36,   48,   60,   90,   120,  5000, 99999};
  const int64_t syn = a.num("--synthetic", 0);
  for (int64_t i = 0; i < syn; ++i) {
    aq::HourlyInput in;
    for (int p = 0; p < aq::kPollutantCount; ++p) {
      const uint64_t h = mix(uint64_t(i) * 8 + uint64_t(p));
      const int k = int(h % 60);
      Milli base = kEdges[(h >> 8) % std::size(kEdges)] * 1000;
      if (p == aq::index(aq::Pollutant::co)) base /= (h >> 20) % 2 ? 1 : 10;  // CO in mg/m³: small values too
      if (k < 3)
        in.c[p] = kNa;
      else if (k < 20)
        in.c[p] = base;
      else if (k < 30)
        in.c[p] = std::max<Milli>(0, base + Milli((h >> 24) % 3) - 1);  // ±1 thousandth
      else if (k < 40)
        in.c[p] = std::max<Milli>(0, base + Milli((h >> 24) % 1001) - 500);  // a half (GB/T 8170) nearby
      else
        in.c[p] = Milli((h >> 24) % 1'200'000);
    }
    if (mix(uint64_t(i)) % 2) in.so2_24h = {int64_t(mix(uint64_t(i) + 5) % 3'000'000) * 3, 3};
    for (auto e : {aq::Edition::hj633_2012, aq::Edition::hj633_2026}) dump_line(in, e);
    ++n;
  }
  std::fprintf(stderr, "dumped %lld station-hours × 2 editions\n", (long long)n);
  return 0;
}

// ---- CSV ------------------------------------------------------------------------

std::string milli_text(Milli c, int decimals) {
  if (c < 0) return "";
  char b[32];
  if (decimals == 0)
    std::snprintf(b, sizeof b, "%d", c / 1000);
  else
    std::snprintf(b, sizeof b, "%d.%d", c / 1000, c % 1000 / 100);
  return b;
}

int cmd_gen_csv(const Args& a) {
  const std::string format = a.get("--format", "canonical");
  const int64_t stations = a.num("--stations", 200), days = a.num("--days", 365);
  const int64_t start = a.num("--start-hour", 491'000);  // 2026-01-05T08:00: winter
  std::ofstream os(a.get("--out"), std::ios::binary);
  if (!os) return std::fprintf(stderr, "--out: cannot write\n"), 1;
  static const char* kCnemcNames[] = {"二氧化硫",  "二氧化氮",     "一氧化碳",
                                      "臭氧1小时", "颗粒物(PM10)", "细颗粒物(PM2.5)"};
  using P = aq::Pollutant;
  auto col = [](const std::array<Milli, 6>& c, P p) {
    return milli_text(c[aq::index(p)], p == P::co ? 1 : 0);
  };
  std::string out;
  out.reserve(1 << 20);
  if (format == "cnemc")
    out +=
        "timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,pm10,pm10_24h,pm2_5,"
        "pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,no2,no2_24h,so2,so2_24h,co,co_24h\n";
  else if (format == "canonical")
    out += "station,time,so2,no2,co,o3,pm10,pm25\n";
  else
    return std::fprintf(stderr, "--format cnemc|canonical\n"), 2;
  int64_t rows = 0;
  // Hour-major, as CNEMC releases it (one file per hour, every station).
  for (int64_t t = start; t < start + days * 24; ++t) {
    const std::string time = io::format_hour_end(std::chrono::sys_seconds(std::chrono::hours(t)));
    for (int64_t s = 0; s < stations; ++s) {
      const auto c = gen_hour(s, t);
      char code[32];
      std::snprintf(code, sizeof code, "B%05lldA", (long long)s);
      if (format == "canonical") {
        out += code;
        out += ',';
        out += time;
        for (P p : aq::kPollutants) {
          out += ',';
          out += col(c, p);
        }
      } else {
        aq::HourlyInput in;
        in.c = c;
        auto v = aq::hourly_aqi(in, aq::Edition::hj633_2012);
        std::string primary;
        for (P p : aq::kPollutants)
          if (v.summary.primary.contains(p))
            primary += (primary.empty() ? "" : ",") + std::string(kCnemcNames[aq::index(p)]);
        if (primary.find(',') != std::string::npos) primary = '"' + primary + '"';
        char head[160];
        std::snprintf(head, sizeof head, "%s,%s,%.5f,%.5f,开封市,站点%lld,", time.c_str(), code,
                      114.3 + double(s % 100) / 1000, 34.7 + double(s / 100) / 1000, (long long)s);
        out += head;
        out += primary;
        out += ',';
        out += v.summary.aqi < 0 ? "" : std::to_string(v.summary.aqi);
        // The 24-hour columns: plausible values of the same size (the
        // reader parses them; only so2_24h reaches the engine).
        const auto d = gen_hour(s, t - 12);
        for (P p : {P::pm10, P::pm25}) out += ',' + col(c, p) + ',' + col(d, p);
        // CNEMC's O3 swap: o3 = the 24-hour maximum, o3_24h = the 1-hour value.
        out += ',' + col(d, P::o3) + ',' + col(c, P::o3) + ',' + col(d, P::o3) + ',' + col(d, P::o3);
        for (P p : {P::no2, P::so2, P::co}) out += ',' + col(c, p) + ',' + col(d, p);
      }
      out += '\n';
      ++rows;
      if (out.size() > (1 << 20) - 512) {
        os << out;
        out.clear();
      }
    }
  }
  os << out;
  std::printf("ROWS=%lld\n", (long long)rows);
  return 0;
}

int cmd_csv(const Args& a) {
  std::ifstream is(a.pos.at(1), std::ios::binary);
  std::stringstream ss;
  ss << is.rdbuf();
  const std::string bytes = ss.str();
  const int repeat = int(a.num("--repeat", 3));
  double best = 1e9;
  size_t rows = 0;
  std::string format;
  for (int r = 0; r < repeat; ++r) {
    auto t = Steady::now();
    auto res = io::read_aq_hours(bytes, 100'000'000);
    const double s = secs_since(t);
    if (!res.ok()) return std::fprintf(stderr, "%s\n", res.error().message.c_str()), 1;
    rows = res->hours.size();
    format = std::string(io::name(res->format));
    best = std::min(best, s);
  }
  // Where the time goes: the generic CSV split (io/csv_reader.h: decoding
  // check, a std::string per cell) on its own.
  double split = 1e9;
  for (int r = 0; r < repeat; ++r) {
    auto t = Steady::now();
    auto res = io::read_csv(bytes, 100'000'000);
    split = std::min(split, secs_since(t));
    if (!res.ok()) return std::fprintf(stderr, "%s\n", res.error().message.c_str()), 1;
  }
  std::printf("READ_CSV_SECS=%.3f\n", split);
  std::printf("FORMAT=%s\nBYTES=%zu\nROWS=%zu\nSECS=%.3f\nMB_PER_S=%.1f\nROWS_PER_S=%.0f\n", format.c_str(),
              bytes.size(), rows, best, double(bytes.size()) / 1e6 / best, double(rows) / best);
  return 0;
}

// ---- HJ 212 ---------------------------------------------------------------------

// The data segment of station s's hourly (CN=2061) upload for the hour ending
// at `hour`, asking for the 9014 reply (Flag=5).
std::string hj212_segment(int64_t s, int64_t hour, const std::string& pw) {
  const auto c = gen_hour(s, hour);
  const auto start = std::chrono::sys_seconds(std::chrono::hours(hour - 1));
  const auto day = std::chrono::floor<std::chrono::days>(start);
  const std::chrono::year_month_day ymd(day);
  const int hh = int(std::chrono::floor<std::chrono::hours>(start - day).count());
  char dt[32];
  std::snprintf(dt, sizeof dt, "%04d%02u%02u%02d0000", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), hh);
  char head[200];
  std::snprintf(head, sizeof head,
                "QN=%s%03lld;ST=22;CN=2061;PW=%s;MN=BENCH212%05lld;Flag=5;CP=&&DataTime=%s", dt,
                (long long)(s % 1000), pw.c_str(), (long long)s, dt);
  std::string seg = head;
  static const char* kCodes[] = {"a21026", "a21004", "a21005", "a05024", "a34002", "a34004"};
  for (int p = 0; p < aq::kPollutantCount; ++p) {
    if (c[p] < 0) continue;
    seg += ';';
    seg += kCodes[p];
    seg +=
        "-Avg=" + milli_text(c[p], p == aq::index(aq::Pollutant::co) ? 1 : 0) + "," + kCodes[p] + "-Flag=N";
  }
  seg += "&&";
  return seg;
}

int cmd_hj212(const Args& a) {
  const int64_t n = a.num("--frames", 200'000);
  const int repeat = int(a.num("--repeat", 3));
  const int64_t stations = 1000, t0 = 500'000;
  std::string stream;
  for (int64_t i = 0; i < n; ++i)
    stream += io::encode_frame(hj212_segment(i % stations, t0 + i / stations, kHj212Password));
  double best = 1e9;
  int64_t frames = 0, values = 0;
  for (int r = 0; r < repeat; ++r) {
    frames = values = 0;
    auto t = Steady::now();
    io::Hj212Decoder dec;
    // 64 KiB reads, as a busy connection delivers them (frames split across reads).
    for (size_t off = 0; off < stream.size(); off += 65536) {
      dec.feed(std::string_view(stream).substr(off, 65536));
      while (auto d = dec.next()) {
        if (!d->ok()) return std::fprintf(stderr, "decoder: %s\n", d->detail.c_str()), 1;
        auto p = io::parse_packet(d->data);
        if (!p.ok() || !io::hour_end(*p)) return std::fprintf(stderr, "parse_packet failed\n"), 1;
        for (Milli c : p->concentrations) values += c >= 0;
        ++frames;
      }
    }
    best = std::min(best, secs_since(t));
  }
  if (frames != n) return std::fprintf(stderr, "decoded %lld of %lld\n", (long long)frames, (long long)n), 1;
  std::printf("FRAMES=%lld\nBYTES=%zu\nVALUES=%lld\nSECS=%.3f\nFRAMES_PER_S=%.0f\nMB_PER_S=%.1f\n",
              (long long)n, stream.size(), (long long)values, best, double(n) / best,
              double(stream.size()) / 1e6 / best);
  return 0;
}

int cmd_hj212_client(const Args& a) {
  const int port = int(a.num("--port", 0));
  const int64_t stations = a.num("--stations", 1000), hours = a.num("--hours", 24);
  const int conns = int(a.num("--connections", 50)), window = int(a.num("--window", 16));
  const int64_t last = a.num("--last-hour", 0);  // the hour the uploads end with
  if (!port || !last) return std::fprintf(stderr, "--port and --last-hour are required\n"), 2;
  std::atomic<int64_t> sent{0}, acked{0}, failed{0};
  auto worker = [&](int k) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      ++failed;
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // This connection's stations, each sending its hours oldest first, as a
    // station catching up after an outage does.
    std::vector<std::string> frames;
    for (int64_t h = last - hours + 1; h <= last; ++h)
      for (int64_t s = k; s < stations; s += conns)
        frames.push_back(io::encode_frame(hj212_segment(s, h, kHj212Password)));
    char buf[65536];
    std::string pending;
    for (size_t i = 0; i < frames.size();) {
      std::string batch;
      const size_t end = std::min(frames.size(), i + size_t(window));
      for (size_t j = i; j < end; ++j) batch += frames[j];
      for (size_t off = 0; off < batch.size();) {
        ssize_t w = ::send(fd, batch.data() + off, batch.size() - off, MSG_NOSIGNAL);
        if (w <= 0) {
          ++failed;
          ::close(fd);
          return;
        }
        off += size_t(w);
      }
      sent += int64_t(end - i);
      // Wait for this batch's replies (one line each).
      size_t want = end - i, got = 0;
      while (got < want) {
        ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0) {
          ++failed;
          ::close(fd);
          return;
        }
        pending.append(buf, size_t(r));
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
          if (pending.compare(0, nl, "") != 0 && pending.find("CN=9014") < nl) ++got;
          pending.erase(0, nl + 1);
        }
      }
      acked += int64_t(got);
      i = end;
    }
    ::close(fd);
  };
  auto t = Steady::now();
  std::vector<std::thread> ts;
  for (int k = 0; k < conns; ++k) ts.emplace_back(worker, k);
  for (auto& th : ts) th.join();
  const double s = secs_since(t);
  std::printf("SENT=%lld\nACKED=%lld\nFAILED_CONNECTIONS=%lld\nSECS=%.3f\nFRAMES_PER_S=%.0f\n",
              (long long)sent.load(), (long long)acked.load(), (long long)failed.load(), s,
              double(acked.load()) / s);
  return failed.load() ? 1 : 0;
}

// ---- seed -----------------------------------------------------------------------

int cmd_seed(const Args& a) {
  const std::string url = a.get("--db"), admin_pw = a.get("--admin-password");
  const int64_t n_st = a.num("--stations", 200), days = a.num("--days", 365), n_212 = a.num("--hj212", 0);
  if (url.empty() || admin_pw.empty())
    return std::fprintf(stderr, "--db and --admin-password are required\n"), 2;
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(admin_pw, "admin"))
    return std::fprintf(stderr, "--admin-password %s\n", m->message.c_str()), 2;
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (path.rfind("postgres", 0) != 0 && std::filesystem::exists(path))
    return std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str()), 1;
  auto db = store::open_database(url);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(admin_pw, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;
  SystemClock clock;
  const std::string now = format_utc(clock.now());
  bench::OrgSeedResult org;
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(org, bench::seed_org(tx, {100, 300}, *shared_hash, *admin_hash, now));
    return {};
  });
  if (!st.ok()) return std::fprintf(stderr, "seeding the district: %s\n", st.error().message.c_str()), 1;
  std::string office;
  st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto rows,
              tx.query("SELECT username FROM users WHERE roles LIKE '%campaign_office%' AND disabled = 0 "
                       "ORDER BY id LIMIT 1",
                       {}));
    if (!rows.rows.empty()) office = rows.rows[0].str(0);
    return {};
  });
  if (!st.ok() || office.empty()) return std::fprintf(stderr, "no campaign office user\n"), 1;

  app::AqService aq(**db, clock);
  const app::Actor sys = app::Actor::system("bench");
  const auto& towns = org.root.children;
  auto t = Steady::now();
  std::vector<int64_t> ids;
  // Ambient stations: two national control sites for the district, then a
  // township station per township in turn, every fifth one a micro station.
  for (int64_t s = 0; s < n_st + n_212; ++s) {
    const bool is212 = s >= n_st;
    app::StationInput in;
    char code[32];
    if (is212)
      std::snprintf(code, sizeof code, "BENCH212%05lld", (long long)(s - n_st));
    else
      std::snprintf(code, sizeof code, "B%05lldA", (long long)s);
    in.code = code;
    in.name = std::string(is212 ? "基准微站" : "基准站点") + std::to_string(s);
    in.kind = is212 ? "micro" : s < 2 ? "national" : s % 5 == 0 ? "micro" : "township";
    const uint64_t h = mix(uint64_t(s) + 991);
    in.location = LngLat{114.35 + (unit(h, 0) - 0.5) * 0.2, 34.78 + (unit(h, 1) - 0.5) * 0.16};
    in.unit_id = s < 2 ? org.root.id : towns[size_t(s) % towns.size()].id;
    if (is212) in.hj212_password = kHj212Password;
    auto r = aq.register_station(sys, in);
    if (!r.ok()) return std::fprintf(stderr, "station %s: %s\n", code, r.error().message.c_str()), 1;
    if (!is212) ids.push_back(r->id);
  }
  const double t_st = secs_since(t);
  // Hours station by station (a batch of whole stations' years writes each
  // station-day once), in deliveries of at most kMaxIngestHours.
  const int64_t last = aq.current_hour() - 1, first = last - days * 24 + 1;
  std::vector<app::HourReading> batch;
  int64_t added = 0, rejected = 0;
  t = Steady::now();
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    auto r = aq.ingest(sys, "csv", batch);
    if (!r.ok()) return std::fprintf(stderr, "ingest: %s\n", r.error().message.c_str()), false;
    added += r->added;
    rejected += r->rejected;
    batch.clear();
    return true;
  };
  for (int64_t s = 0; s < n_st; ++s) {
    char code[32];
    std::snprintf(code, sizeof code, "B%05lldA", (long long)s);
    for (int64_t hr = first; hr <= last; ++hr) {
      app::HourReading r;
      r.station = code;
      r.hour = hr;
      const auto c = gen_hour(s, hr);
      for (int p = 0; p < aq::kPollutantCount; ++p) r.milli[p] = c[p];
      batch.push_back(std::move(r));
      if (batch.size() >= app::kMaxIngestHours && !flush()) return 1;
    }
    if (s % 100 == 99)
      std::fprintf(stderr, "seed: %lld stations, %lld hours, %.0f hours/s\n", (long long)s + 1,
                   (long long)added, double(added) / secs_since(t));
  }
  if (!flush()) return 1;
  const double t_h = secs_since(t);
  std::printf(
      "OFFICE_USER=%s\nUSER_PASSWORD=Bench#User-2026\nSTATIONS=%lld\nHJ212_STATIONS=%lld\nHJ212_PASSWORD=%"
      "s\n",
      office.c_str(), (long long)n_st, (long long)n_212, kHj212Password);
  std::printf(
      "FIRST_STATION_ID=%lld\nFIRST_HOUR=%s\nLAST_HOUR=%s\nLAST_HOUR_INDEX=%lld\nHOURS_ADDED=%lld\nHOURS_"
      "REJECTED=%lld\n",
      (long long)(ids.empty() ? 0 : ids[0]), app::format_hour(first).c_str(), app::format_hour(last).c_str(),
      (long long)last, (long long)added, (long long)rejected);
  std::printf("STATIONS_SECS=%.1f\nHOURS_SECS=%.1f\nHOURS_PER_S=%.0f\n", t_st, t_h,
              t_h > 0 ? double(added) / t_h : 0.0);
  return rejected ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 && i + 1 < argc)
      a.opt.emplace_back(s, argv[++i]);
    else
      a.pos.push_back(s);
  }
  const std::string cmd = a.pos.empty() ? "" : a.pos[0];
  if (cmd == "engine") return cmd_engine(a);
  if (cmd == "dump") return cmd_dump(a);
  if (cmd == "gen-csv") return cmd_gen_csv(a);
  if (cmd == "csv" && a.pos.size() == 2) return cmd_csv(a);
  if (cmd == "hj212") return cmd_hj212(a);
  if (cmd == "hj212-client") return cmd_hj212_client(a);
  if (cmd == "seed") return cmd_seed(a);
  std::fprintf(
      stderr,
      "usage: lantian_bench_aq engine|dump|gen-csv|csv|hj212|hj212-client|seed … (see bench/aq_bench.cpp)\n");
  return 2;
}
