// The printable documents of the supervision-problem loop (督办): the
// supervision notice (督办单) issued to the responsible unit, and the
// rectification report (整改报告 / 整改销号报告) that answers it. Rendered on
// the server, without a browser, as a PDF (Cairo + Pango) and as an A4
// print-ready HTML page; both from the same plain description, which knows
// nothing of the database.
//
// Layout (both formats): A4 portrait with the margins of GB/T 9704 (top
// 37 mm, left 28 mm, body 156 × 225 mm); the issuer in red, the title
// centred in a larger bold font and the number under it, a red rule; the
// fields as a bordered two-column table; each section a heading and its
// text wrapped and justified, each paragraph (a line of the text) indented
// by two characters; the photos two per row, each scaled to fit its box
// with its caption under it; the footer lines right-aligned, kept together
// at the end. Text flows onto further pages, a table row too when it is
// taller than a third of a page (otherwise it moves whole to the next page).
// The PDF numbers its pages "— n —" at the bottom.
//
// Font: Noto Serif CJK SC, regular and bold, from Debian's fonts-noto-cjk,
// a run-time dependency: the PDF embeds the subset of each weight it uses
// (a one-page notice is about 150 KB, mostly these subsets). The HTML names
// it first in its font stack, then common Chinese fonts of other systems.
//
// Cost: about 25 ms for a one-page notice on one core (most of it Cairo
// reading the font to subset it), plus a few tens of ms to decode and
// shrink each photo (about 50 ms for a 12-megapixel JPEG).
//
// Text is UTF-8. Rather than refuse a document over one bad byte, both
// formats show a byte that does not start a valid UTF-8 sequence as U+FFFD,
// treat "\r\n" and "\r" as "\n" and drop other control characters except
// tab. A "\n" starts a new line in a field value, a new paragraph in a
// section and a new line in the footer.
//
// Photos: JPEG, PNG or WebP by their first bytes (nothing else is handed to
// the decoder), at most MediaLimits::max_pixels (io/evidence_media.h),
// auto-rotated by their EXIF orientation, transparency flattened on white,
// downscaled to at most 1000 px on the longer side and embedded as JPEG.
// A photo that cannot be decoded is not an error: its box shows
// "（图片无法显示）" above its caption. Only the first kNoticeMaxPhotos are
// shown; a line under them says how many were left out.
//
// Thread-safety: both functions are thread-safe and may run concurrently.
// Each call draws on its own Cairo surface with its own Pango context; the
// font map is Pango's default for the calling thread (per thread since
// Pango 1.32.6; Debian 12 has 1.50), so fonts are loaded once per thread
// and kept until the thread ends. libvips decodes the photos (initialised
// once, io::init_media()).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace lantian::io {

// A photo on a document: the bytes as uploaded and the text under it.
struct NoticePhoto {
  std::string bytes;    // JPEG, PNG or WebP
  std::string caption;  // "整改前：道路扬尘", may be empty
};

struct NoticeDocument {
  enum class Kind { supervision_notice, rectification_report };
  Kind kind = Kind::supervision_notice;
  std::string issuer;  // "禹王台区大气污染防治攻坚办公室"; empty: no issuer line
  // "大气污染防治督办单"; empty: 大气污染防治督办单 for a supervision notice,
  // 整改情况报告 for a rectification report.
  std::string title;
  std::string number;  // "禹攻坚督〔2017〕12号"; empty: no number line
  // The table's rows in order, label → value: 问题来源, 责任单位, 责任领导,
  // 责任人, 整改期限, 地址 …; an empty list draws no table.
  std::vector<std::pair<std::string, std::string>> fields;
  // Heading → text, in order: 问题描述, 整改标准, 整改措施, 核查意见 …; an
  // empty heading draws the text alone, an empty text the heading alone.
  std::vector<std::pair<std::string, std::string>> sections;
  std::string photos_heading;  // "整改前后照片"; empty: the photos without a heading
  std::vector<NoticePhoto> photos;
  // Right-aligned lines at the end, "\n" between them: the signature or
  // seal line, then the date ("禹王台区大气污染防治攻坚办公室\n2017年11月3日").
  std::string footer;
};

inline constexpr size_t kNoticeMaxPhotos = 6;

// The document as a PDF (A4 portrait, PDF 1.5 by Cairo), its title in the
// PDF's metadata. Errors: internal when the font Noto Serif CJK SC is not
// installed (package fonts-noto-cjk) or Cairo reports a failure (its status
// in the message, such as out of memory).
Result<std::string> render_notice_pdf(const NoticeDocument& doc);

// The document as one self-contained HTML page (UTF-8, inline CSS, photos as
// data: URIs, no script): an A4 sheet on screen, printed with @page A4 and
// the margins above. All text is escaped. Page breaks are the browser's;
// rows, photos and the footer ask not to be split.
std::string render_notice_html(const NoticeDocument& doc);

}  // namespace lantian::io
