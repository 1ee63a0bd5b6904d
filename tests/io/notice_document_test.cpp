// The supervision notice and rectification report, read back the way a
// person would meet them: the PDF's text by pdftotext, its fonts by pdffonts,
// its pages by pdfinfo and its pictures by pdfimages (poppler-utils), the
// HTML as text. The photos are drawn by libvips here.
//
// To look at the documents: LANTIAN_NOTICE_DUMP_DIR=/tmp/notices
// build/io_tests --gtest_filter='Notice*' keeps each PDF and HTML there.
#include "io/notice_document.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <vips/vips.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "io/evidence_media.h"

namespace lantian::io {
namespace {

namespace fs = std::filesystem;

// pdftotext keeps the spaces around the page number's dashes or not.
std::string without_spaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

bool have_poppler() { return std::system("command -v pdftotext >/dev/null 2>&1") == 0; }

// A tool's standard output.
std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  ::pclose(f);
  return out;
}

// The bytes in a file of their own, removed at the end of the test.
class TempPdf {
 public:
  explicit TempPdf(const std::string& bytes) {
    static int n = 0;
    path_ = fs::temp_directory_path() /
            ("lantian-notice-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".pdf");
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempPdf() { fs::remove(path_); }
  std::string text() const { return run("pdftotext -layout '" + path_.string() + "' -"); }
  std::string fonts() const { return run("pdffonts '" + path_.string() + "'"); }
  std::string info() const { return run("pdfinfo '" + path_.string() + "'"); }
  std::string images() const { return run("pdfimages -list '" + path_.string() + "'"); }
  int pages() const {
    std::istringstream in(info());
    for (std::string line; std::getline(in, line);)
      if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
  }

 private:
  fs::path path_;
};

void dump(const std::string& ext, const std::string& bytes) {
  const char* dir = std::getenv("LANTIAN_NOTICE_DUMP_DIR");
  if (!dir) return;
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::ofstream(fs::path(dir) / (std::string(test->name()) + ext), std::ios::binary) << bytes;
}

std::string pdf_ok(const NoticeDocument& d) {
  dump(".html", render_notice_html(d));
  auto r = render_notice_pdf(d);
  EXPECT_TRUE(r.ok()) << r.error().message;
  if (!r.ok()) return {};
  EXPECT_EQ(r->rfind("%PDF-", 0), 0u);
  dump(".pdf", *r);
  return std::move(r).value();
}

NoticeDocument notice() {
  NoticeDocument d;
  d.kind = NoticeDocument::Kind::supervision_notice;
  d.issuer = "禹王台区大气污染防治攻坚办公室";
  d.title = "大气污染防治督办单";
  d.number = "禹攻坚督〔2017〕12号";
  d.fields = {{"问题来源", "区督导组日常巡查"},   {"责任单位", "南郊乡人民政府"},
              {"责任领导", "王建国（党委书记）"}, {"责任人", "李明"},
              {"整改期限", "2017年11月10日"},     {"地址", "南郊乡106国道与陇海铁路交叉口东南角"}};
  d.sections = {{"问题描述",
                 "现场发现一处建筑工地裸土未覆盖，出入口未设置车辆冲洗设施，运输车辆带泥上路，"
                 "道路扬尘明显。\n工地围挡不连续，部分区域缺失。"},
                {"整改要求",
                 "立即停止土方作业，对裸露土方全部覆盖，设置车辆冲洗平台，并于整改期限前将整改"
                 "情况（附整改前后照片）报区攻坚办。"}};
  d.footer = "禹王台区大气污染防治攻坚办公室\n2017年11月3日";
  return d;
}

// emb column of the pdffonts line naming a CJK font: the columns end with
// emb, sub, uni, object number and generation.
bool embeds_cjk_font(const std::string& fonts) {
  std::istringstream in(fonts);
  for (std::string line; std::getline(in, line);) {
    if (line.find("CJK") == std::string::npos) continue;
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.size() >= 6 && w[w.size() - 5] == "yes") return true;
  }
  return false;
}

TEST(NoticeDocument, PdfShowsNumberUnitAndDeadlineInAnEmbeddedCjkFont) {
  if (!have_poppler()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  TempPdf pdf(pdf_ok(notice()));
  std::string text = pdf.text();
  EXPECT_NE(text.find("禹攻坚督〔2017〕12号"), std::string::npos) << text;
  EXPECT_NE(text.find("南郊乡人民政府"), std::string::npos) << text;
  EXPECT_NE(text.find("2017年11月10日"), std::string::npos) << text;
  EXPECT_NE(text.find("大气污染防治督办单"), std::string::npos) << text;
  EXPECT_NE(without_spaces(text).find("—1—"), std::string::npos) << text;
  EXPECT_TRUE(embeds_cjk_font(pdf.fonts())) << pdf.fonts();
  std::string info = pdf.info();
  EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("大气污染防治督办单"), std::string::npos) << info;  // the title in the metadata
  EXPECT_EQ(pdf.pages(), 1);
}

TEST(NoticeDocument, LongTextFlowsOntoFurtherPages) {
  if (!have_poppler()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  NoticeDocument d = notice();
  std::string long_text;
  for (int i = 0; i < 60; ++i)
    long_text += "第" + std::to_string(i + 1) +
                 "处：现场检查发现物料堆场未苫盖，道路未洒水保洁，渣土车辆未密闭运输，扬尘污染严重。\n";
  long_text += "末段标记甲乙：以上问题须于整改期限前全部整改到位。";
  d.sections.insert(d.sections.begin() + 1, {"问题详情", long_text});
  // A table cell taller than a third of a page is split across pages.
  std::string long_value;
  for (int i = 0; i < 40; ++i)
    long_value += "巡查记录第" + std::to_string(i + 1) + "条：工地出入口车辆带泥上路。\n";
  long_value += "表格末行标记丙丁";
  d.fields.push_back({"巡查记录", long_value});

  TempPdf pdf(pdf_ok(d));
  EXPECT_GE(pdf.pages(), 2);
  std::string text = pdf.text();
  EXPECT_NE(text.find("末段标记甲乙"), std::string::npos) << text;
  EXPECT_NE(text.find("表格末行标记丙丁"), std::string::npos) << text;
  EXPECT_NE(text.find("2017年11月3日"), std::string::npos) << text;  // the footer after all of it
  EXPECT_NE(without_spaces(text).find("—2—"), std::string::npos) << text;
}

std::string png_with_alpha(int w, int h) {
  EXPECT_TRUE(init_media().ok());
  VipsImage* black = nullptr;
  EXPECT_EQ(vips_black(&black, w, h, "bands", 4, nullptr), 0);
  void* buf = nullptr;
  size_t len = 0;
  EXPECT_EQ(vips_image_write_to_buffer(black, ".png", &buf, &len, nullptr), 0) << vips_error_buffer();
  std::string out(static_cast<char*>(buf), len);
  g_free(buf);
  g_object_unref(black);
  return out;
}

NoticeDocument report() {
  NoticeDocument d;
  d.kind = NoticeDocument::Kind::rectification_report;
  d.issuer = "南郊乡人民政府";
  d.number = "南政整〔2017〕5号";
  d.fields = {{"督办单号", "禹攻坚督〔2017〕12号"}, {"完成时间", "2017年11月8日"}};
  d.sections = {{"整改措施", "已对裸土全部覆盖防尘网，设置车辆冲洗平台一座。"},
                {"核查意见", "经现场核查，已整改到位，同意销号。"}};
  d.photos_heading = "整改前后照片";
  d.footer = "南郊乡人民政府（盖章）\n2017年11月8日";
  return d;
}

TEST(NoticeDocument, ReportWithPhotosEmbedsThemAsJpeg) {
  if (!have_poppler()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  NoticeDocument d = report();
  auto before = placeholder_jpeg(640, 480, 150, 120, 90);
  auto after = placeholder_jpeg(480, 640, 90, 150, 110);  // portrait
  ASSERT_TRUE(before.ok() && after.ok());
  d.photos = {
      {*before, "整改前：裸土未覆盖"}, {*after, "整改后：已覆盖防尘网"}, {"not a photo", "整改后：冲洗平台"}};

  TempPdf pdf(pdf_ok(d));
  std::string text = pdf.text();
  EXPECT_NE(text.find("整改情况报告"), std::string::npos) << text;  // the title by kind
  EXPECT_NE(text.find("整改前：裸土未覆盖"), std::string::npos) << text;
  EXPECT_NE(text.find("整改后：已覆盖防尘网"), std::string::npos) << text;
  EXPECT_NE(text.find("（图片无法显示）"), std::string::npos) << text;
  EXPECT_NE(text.find("整改后：冲洗平台"), std::string::npos) << text;
  // Two pictures, both kept as JPEG.
  std::string images = pdf.images();
  std::istringstream in(images);
  int jpegs = 0;
  for (std::string line; std::getline(in, line);)
    if (line.find(" jpeg ") != std::string::npos) ++jpegs;
  EXPECT_EQ(jpegs, 2) << images;

  std::string html = render_notice_html(d);
  EXPECT_NE(html.find("data:image/jpeg;base64,"), std::string::npos);
  EXPECT_NE(html.find("（图片无法显示）"), std::string::npos);
}

TEST(NoticeDocument, PhotosBeyondSixAreCountedNotShown) {
  if (!have_poppler()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  NoticeDocument d = report();
  std::string png = png_with_alpha(200, 150);
  for (int i = 0; i < 8; ++i) d.photos.push_back({png, "照片" + std::to_string(i + 1)});
  TempPdf pdf(pdf_ok(d));
  std::string text = pdf.text();
  EXPECT_NE(text.find("照片6"), std::string::npos) << text;
  EXPECT_EQ(text.find("照片7"), std::string::npos) << text;
  EXPECT_NE(text.find("另有2张照片未列出"), std::string::npos) << text;
  EXPECT_EQ(text.find("（图片无法显示）"), std::string::npos) << text;  // a PNG with alpha decodes
  std::string html = render_notice_html(d);
  EXPECT_NE(html.find("另有2张照片未列出"), std::string::npos);
  EXPECT_EQ(html.find("照片7"), std::string::npos);
}

TEST(NoticeDocument, HtmlIsEscapedA4AndSelfContained) {
  NoticeDocument d = notice();
  d.fields.push_back({"备注<b>", "<script>alert('x')</script> & \"引号\""});
  std::string html = render_notice_html(d);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("禹攻坚督〔2017〕12号"), std::string::npos);
  EXPECT_NE(html.find("南郊乡人民政府"), std::string::npos);
  // Each line of a section a paragraph, each line of the footer a line.
  EXPECT_NE(html.find("<p>现场发现一处建筑工地裸土未覆盖，"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>工地围挡不连续，部分区域缺失。</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>禹王台区大气污染防治攻坚办公室</p>\n<p>2017年11月3日</p>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("size: A4 portrait"), std::string::npos);
  EXPECT_NE(html.find("Noto Serif CJK SC"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  // Nothing fetched from elsewhere.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(NoticeDocument, EmptyPartsStillRender) {
  NoticeDocument d;  // nothing but the kind: the default title
  d.fields = {{"", ""}, {"责任单位", ""}};
  d.sections = {{"", ""}, {"问题描述", ""}, {"", "只有正文没有标题。"}};
  d.photos = {{"", ""}};
  auto pdf = render_notice_pdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  std::string html = render_notice_html(d);
  EXPECT_NE(html.find("大气污染防治督办单"), std::string::npos);
  EXPECT_NE(html.find("（图片无法显示）"), std::string::npos);

  auto bare = render_notice_pdf(NoticeDocument{});
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  if (!have_poppler()) return;
  TempPdf file(*pdf);
  EXPECT_EQ(file.pages(), 1);
  EXPECT_NE(file.text().find("只有正文没有标题。"), std::string::npos) << file.text();
}

TEST(NoticeDocument, BadBytesAndControlCharactersAreShownNotRefused) {
  NoticeDocument d = notice();
  d.fields.push_back({"备注", std::string("坏字节\xFF\xFE结束\x01\x1B\r\n第二行")});
  auto pdf = render_notice_pdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  std::string html = render_notice_html(d);
  EXPECT_NE(html.find("坏字节\uFFFD\uFFFD结束\n第二行"), std::string::npos);
  if (!have_poppler()) return;
  TempPdf file(*pdf);
  EXPECT_NE(file.text().find("第二行"), std::string::npos);
}

// Each thread its own Pango font map and Cairo surface: renders at once on
// several threads give the same bytes as one alone (apart from the creation
// time in the PDF's metadata, which is left out by comparing the text).
TEST(NoticeDocument, RendersOnSeveralThreadsAtOnce) {
  const NoticeDocument d = notice();
  auto first = render_notice_pdf(d);
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 2; ++k) {
        auto r = render_notice_pdf(d);
        out[i] = r.ok() ? std::move(r).value() : "error: " + r.error().message;
      }
    });
  for (auto& t : threads) t.join();
  for (const std::string& pdf : out) {
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u) << pdf.substr(0, 200);
    if (have_poppler()) {
      EXPECT_EQ(TempPdf(pdf).text(), TempPdf(*first).text());
    }
  }
}

}  // namespace
}  // namespace lantian::io
