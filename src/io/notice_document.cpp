#include "io/notice_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <vips/vips.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "core/text.h"
#include "io/evidence_media.h"

namespace lantian::io {
namespace {

// --- text ----------------------------------------------------------------------

// Valid UTF-8 with "\n" as the only line break and no control characters
// but tab: what Pango lays out without warnings and HTML shows as written.
std::string clean(std::string_view s) {
  std::string v = replace_invalid_utf8(s);
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == '\r') {
      out += '\n';
      if (i + 1 < v.size() && v[i + 1] == '\n') ++i;
    } else if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) < 0xA0) {
      ++i;  // U+0080..U+009F, the C1 controls
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      continue;
    } else {
      out += char(c);
    }
  }
  return out;
}

std::string title_of(const NoticeDocument& d) {
  if (!d.title.empty()) return clean(d.title);
  return d.kind == NoticeDocument::Kind::supervision_notice ? "大气污染防治督办单" : "整改情况报告";
}

// --- photos ----------------------------------------------------------------------

constexpr int kPhotoPx = 1000;  // 75 mm at about 340 dpi: sharp in print, small in the file

struct VipsUnref {
  void operator()(VipsImage* i) const { g_object_unref(i); }
};
using VImage = std::unique_ptr<VipsImage, VipsUnref>;
struct GFree {
  void operator()(void* p) const { g_free(p); }
};

// A photo ready to place: 8-bit sRGB pixels (3 bytes each) and the same
// pixels as a JPEG, which both formats embed.
struct Picture {
  int width = 0, height = 0;
  std::string rgb;
  std::string jpeg;
};

// nullopt for anything that is not a JPEG, PNG or WebP the decoder reads
// within the pixel limit: the caller shows the placeholder instead.
std::optional<Picture> prepare_photo(const std::string& bytes) {
  auto type = sniff_content_type(bytes);
  // Only these reach libvips: it also has loaders for PDF, SVG and more,
  // which have no place in a photo box.
  if (!type || (*type != "image/jpeg" && *type != "image/png" && *type != "image/webp")) return std::nullopt;
  if (!init_media().ok()) return std::nullopt;
  auto failed = [] {
    vips_error_clear();
    return std::nullopt;
  };
  {
    // The header only: a 100-byte PNG may declare 50 000 × 50 000 pixels.
    VImage header(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                             nullptr));
    if (!header) return failed();
    int64_t w = vips_image_get_width(header.get()), h = vips_image_get_height(header.get());
    if (w * h > MediaLimits{}.max_pixels) return std::nullopt;
  }
  VipsImage* raw = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &raw, kPhotoPx, "height", kPhotoPx,
                            "size", VIPS_SIZE_DOWN, nullptr))
    return failed();
  VImage img(raw);
  VipsImage* next = nullptr;
  // The result of one libvips operation (which wrote `next`) replaces img.
  auto step = [&](int rc) {
    if (rc) return false;
    img.reset(next);
    next = nullptr;
    return true;
  };
  if (vips_image_hasalpha(img.get())) {
    VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
    int rc = vips_flatten(img.get(), &next, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (!step(rc)) return failed();
  }
  // Grey, CMYK and 16-bit photos become plain 8-bit RGB.
  if (!step(vips_colourspace(img.get(), &next, VIPS_INTERPRETATION_sRGB, nullptr))) return failed();
  if (!step(vips_cast_uchar(img.get(), &next, nullptr))) return failed();
  if (vips_image_get_bands(img.get()) > 3 && !step(vips_extract_band(img.get(), &next, 0, "n", 3, nullptr)))
    return failed();
  if (vips_image_get_bands(img.get()) != 3) return std::nullopt;

  Picture p;
  p.width = vips_image_get_width(img.get());
  p.height = vips_image_get_height(img.get());
  // Decode once into memory, then encode the JPEG from those pixels:
  // libvips would otherwise decode the photo again for the second output.
  size_t size = 0;
  std::unique_ptr<void, GFree> pixels(vips_image_write_to_memory(img.get(), &size));
  if (!pixels || size != size_t(p.width) * size_t(p.height) * 3) return failed();
  p.rgb.assign(static_cast<const char*>(pixels.get()), size);
  img.reset();
  VImage mem(vips_image_new_from_memory(p.rgb.data(), p.rgb.size(), p.width, p.height, 3, VIPS_FORMAT_UCHAR));
  if (!mem) return failed();
  void* buf = nullptr;
  size_t len = 0;
  if (vips_jpegsave_buffer(mem.get(), &buf, &len, "Q", 85, "strip", TRUE, nullptr)) return failed();
  p.jpeg.assign(static_cast<const char*>(buf), len);
  g_free(buf);
  return p;
}

// --- PDF: page geometry, in points ------------------------------------------------

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm;
// GB/T 9704-2012 (党政机关公文格式): top margin 37 mm, binding side 28 mm,
// body 156 × 225 mm, so that the notice files with the office's documents.
constexpr double kLeft = 28 * kMm, kTop = 37 * kMm, kBodyW = 156 * kMm, kBodyH = 225 * kMm;
constexpr double kBottom = kTop + kBodyH;

// One family, regular and bold: Cairo reads a CJK font's whole CFF table
// (some 15 MB) to subset it for each document, about 8 ms a font, so a
// second family for the headings would cost a third more time and size.
constexpr const char* kSerif = "Noto Serif CJK SC";

struct Rgb {
  double r = 0, g = 0, b = 0;
};
constexpr Rgb kBlack{}, kRed{0.78, 0.0, 0.0}, kGrey{0.45, 0.45, 0.45};

struct Style {
  const char* family = kSerif;
  double size = 12;  // points
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool justify = false;
  double line_spacing = 0;  // a factor of the font's line height; 0: the font's own
  double indent_em = 0;     // of each paragraph's first line
  Rgb colour = kBlack;
};

// The styles, in the sizes of Chinese official documents: 二号 22 pt title,
// 四号 14 pt number, headings and footer, 小四 12 pt text, 五号 10.5 pt captions.
const Style kIssuerStyle{kSerif, 20, true, PANGO_ALIGN_CENTER, false, 0, 0, kRed};
const Style kTitleStyle{kSerif, 22, true, PANGO_ALIGN_CENTER};
const Style kNumberStyle{kSerif, 14, false, PANGO_ALIGN_CENTER};
const Style kLabelStyle{kSerif, 12, false, PANGO_ALIGN_CENTER};
const Style kValueStyle{kSerif, 12, false, PANGO_ALIGN_LEFT, false, 1.3};
const Style kHeadingStyle{kSerif, 14, true};
const Style kBodyStyle{kSerif, 12, false, PANGO_ALIGN_LEFT, true, 1.6, 2};
const Style kCaptionStyle{kSerif, 10.5, false, PANGO_ALIGN_CENTER};
const Style kFooterStyle{kSerif, 14, false, PANGO_ALIGN_RIGHT, false, 1.5};
const Style kPageNumberStyle{kSerif, 12, false, PANGO_ALIGN_CENTER};
const Style kPlaceholderStyle{kSerif, 10.5, false, PANGO_ALIGN_CENTER, false, 0, 0, kGrey};

// --- PDF: owners of the C objects, freed on every path --------------------------

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <class T>
using GObj = std::unique_ptr<T, GObjectUnref>;
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};
using Cairo = std::unique_ptr<cairo_t, CairoDestroy>;
using Surface = std::unique_ptr<cairo_surface_t, CairoDestroy>;
using FontOptions = std::unique_ptr<cairo_font_options_t, CairoDestroy>;
struct PangoFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
  void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
using FontDesc = std::unique_ptr<PangoFontDescription, PangoFree>;
using LayoutIter = std::unique_ptr<PangoLayoutIter, PangoFree>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

// One laid-out line: where it sits in its layout and how tall it is with its
// share of the line spacing, so that lines can be placed one by one and a
// text can continue on the next page.
struct Line {
  PangoLayoutLine* line;  // owned by the Block's layout
  double x;               // left edge (alignment, indent)
  double height;
  double baseline;  // below the top of `height`
};

struct Block {
  GObj<PangoLayout> layout;
  std::vector<Line> lines;
  double height = 0;
  Rgb colour;

  double height_of(size_t from, size_t to) const {
    double h = 0;
    for (size_t i = from; i < to; ++i) h += lines[i].height;
    return h;
  }
};

class PdfWriter {
 public:
  // Errors: internal when a font is missing or Cairo fails to start.
  static Result<std::unique_ptr<PdfWriter>> open(const std::string& title) {
    auto w = std::unique_ptr<PdfWriter>(new PdfWriter);
    w->surface_.reset(cairo_pdf_surface_create_for_stream(append_to_string, &w->out_, kPageW, kPageH));
    if (auto st = cairo_surface_status(w->surface_.get())) return cairo_error(st);
    cairo_pdf_surface_set_metadata(w->surface_.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(w->surface_.get(), CAIRO_PDF_METADATA_CREATOR, "Lantian");
    w->cr_.reset(cairo_create(w->surface_.get()));
    if (auto st = cairo_status(w->cr_.get())) return cairo_error(st);

    // Not owned: Pango's font map for this thread (see the header).
    PangoFontMap* map = pango_cairo_font_map_get_default();
    // Without it fontconfig would quietly substitute another font, perhaps
    // one without Chinese glyphs.
    if (!pango_font_map_get_family(map, kSerif))
      return Error::internal(
          fmt::format("the font {} is not installed (Debian package fonts-noto-cjk)", kSerif));
    w->ctx_.reset(pango_font_map_create_context(map));
    // Points as the unit of both Pango and Cairo, and no hinting: a PDF is
    // printed at any resolution, and hinted metrics would round advances.
    pango_cairo_context_set_resolution(w->ctx_.get(), 72);
    FontOptions fo(cairo_font_options_create());
    cairo_font_options_set_hint_metrics(fo.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(w->ctx_.get(), fo.get());
    pango_context_set_round_glyph_positions(w->ctx_.get(), FALSE);
    // Simplified Chinese forms of the glyphs and punctuation that several
    // CJK languages share.
    pango_context_set_language(w->ctx_.get(), pango_language_from_string("zh-cn"));
    pango_cairo_update_context(w->cr_.get(), w->ctx_.get());
    w->y_ = kTop;
    return w;
  }

  Block block(const std::string& text, const Style& s, double width) {
    Block b;
    b.colour = s.colour;
    b.layout.reset(pango_layout_new(ctx_.get()));
    PangoLayout* l = b.layout.get();
    FontDesc fd(pango_font_description_new());
    pango_font_description_set_family(fd.get(), s.family);
    pango_font_description_set_weight(fd.get(), s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(fd.get(), int(s.size * PANGO_SCALE));
    pango_layout_set_font_description(l, fd.get());
    pango_layout_set_width(l, int(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, s.align);
    pango_layout_set_justify(l, s.justify);
    if (s.line_spacing > 0) pango_layout_set_line_spacing(l, float(s.line_spacing));
    if (s.indent_em > 0) pango_layout_set_indent(l, int(s.indent_em * s.size * PANGO_SCALE));
    pango_layout_set_text(l, text.data(), int(text.size()));
    if (text.empty()) return b;  // no lines: an empty text takes no room

    LayoutIter it(pango_layout_get_iter(l));
    do {
      int y0 = 0, y1 = 0;
      PangoRectangle logical;
      pango_layout_iter_get_line_yrange(it.get(), &y0, &y1);
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      int baseline = pango_layout_iter_get_baseline(it.get());
      b.lines.push_back({pango_layout_iter_get_line_readonly(it.get()), double(logical.x) / PANGO_SCALE,
                         double(y1 - y0) / PANGO_SCALE, double(baseline - y0) / PANGO_SCALE});
      b.height += b.lines.back().height;
    } while (pango_layout_iter_next_line(it.get()));
    return b;
  }

  // Lines [from, to) of a block with the first one's top at `top`.
  void draw_lines(const Block& b, size_t from, size_t to, double x, double top) {
    cairo_t* cr = cr_.get();
    cairo_set_source_rgb(cr, b.colour.r, b.colour.g, b.colour.b);
    for (size_t i = from; i < to; ++i) {
      cairo_move_to(cr, x + b.lines[i].x, top + b.lines[i].baseline);
      pango_cairo_show_layout_line(cr, b.lines[i].line);
      top += b.lines[i].height;
    }
  }

  // The block line by line from the current position, continuing at the top
  // of the next page where a line would cross the bottom margin.
  void flow(const Block& b, double x = kLeft) {
    for (size_t i = 0; i < b.lines.size(); ++i) {
      if (y_ + b.lines[i].height > kBottom && !at_page_top()) new_page();
      draw_lines(b, i, i + 1, x, y_);
      y_ += b.lines[i].height;
    }
  }

  bool at_page_top() const { return y_ <= kTop; }
  void skip(double dy) { y_ = std::min(y_ + dy, kBottom); }
  // Moves to a new page unless `height` fits below the current position.
  void keep(double height) {
    if (y_ + height > kBottom && !at_page_top()) new_page();
  }

  void new_page() {
    page_number();
    cairo_show_page(cr_.get());
    ++page_;
    y_ = kTop;
  }

  void rule(double width, Rgb c) {
    cairo_t* cr = cr_.get();
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, kLeft, y_ + width / 2);
    cairo_line_to(cr, kLeft + kBodyW, y_ + width / 2);
    cairo_stroke(cr);
    y_ += width;
  }

  // One row of the fields table.
  void table_row(const std::string& label, const std::string& value);
  void photo_row(const std::vector<const NoticePhoto*>& row, const std::vector<std::optional<Picture>>& pics);

  // Errors: internal with Cairo's status when drawing or writing failed
  // (Cairo keeps its first error and ignores later drawing, so one check at
  // the end sees it).
  Result<std::string> finish() {
    page_number();
    if (auto st = cairo_status(cr_.get())) return cairo_error(st);
    cr_.reset();
    cairo_surface_finish(surface_.get());
    if (auto st = cairo_surface_status(surface_.get())) return cairo_error(st);
    surface_.reset();
    return std::move(out_);
  }

 private:
  PdfWriter() = default;

  static Error cairo_error(cairo_status_t st) {
    return Error::internal(fmt::format("cairo: {}", cairo_status_to_string(st)));
  }

  // Centred 7 mm below the body, as GB/T 9704 places it.
  void page_number() {
    Block b = block(fmt::format("— {} —", page_), kPageNumberStyle, kBodyW);
    draw_lines(b, 0, b.lines.size(), kLeft, kBottom + 7 * kMm);
  }

  // Destroyed in reverse: the context and Cairo before the surface, the
  // surface before the string it writes to.
  std::string out_;
  Surface surface_;
  Cairo cr_;
  GObj<PangoContext> ctx_;
  double y_ = 0;
  int page_ = 1;
  double one_line_ = 0;  // the height of a table row's line of text
};

constexpr double kCellPad = 5;
constexpr double kLabelW = 30 * kMm;
constexpr double kBorder = 0.8;

void PdfWriter::table_row(const std::string& label, const std::string& value) {
  Block lb = block(label, kLabelStyle, kLabelW - 2 * kCellPad);
  Block vb = block(value, kValueStyle, kBodyW - kLabelW - 2 * kCellPad);
  // An empty row is as tall as a row of one line.
  if (one_line_ == 0) one_line_ = block("国", kValueStyle, kBodyW).height;
  const double min_h = one_line_;

  cairo_t* cr = cr_.get();
  auto frame = [&](double top, double h) {
    cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
    cairo_rectangle(cr, kLeft, top, kLabelW, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, kBorder);
    cairo_rectangle(cr, kLeft, top, kBodyW, h);
    cairo_move_to(cr, kLeft + kLabelW, top);
    cairo_line_to(cr, kLeft + kLabelW, top + h);
    cairo_stroke(cr);
  };

  double whole = std::max({lb.height, vb.height, min_h}) + 2 * kCellPad;
  // A row up to a third of a page moves whole to the next page; a taller one
  // is split rather than leave most of a page empty.
  if (whole <= kBodyH / 3) keep(whole);
  if (y_ + whole <= kBottom) {
    frame(y_, whole);
    double inner = whole - 2 * kCellPad;
    draw_lines(lb, 0, lb.lines.size(), kLeft + kCellPad, y_ + kCellPad + (inner - lb.height) / 2);
    draw_lines(vb, 0, vb.lines.size(), kLeft + kLabelW + kCellPad, y_ + kCellPad + (inner - vb.height) / 2);
    y_ += whole;
    return;
  }
  // Split: each part holds the lines of both cells that fit, top-aligned;
  // the borders close at the page's bottom and open again on the next.
  size_t li = 0, vi = 0;
  auto fitting = [](const Block& b, size_t from, double room) {
    double h = 0;
    size_t to = from;
    while (to < b.lines.size() && h + b.lines[to].height <= room) h += b.lines[to++].height;
    return to;
  };
  while (li < lb.lines.size() || vi < vb.lines.size()) {
    double room = kBottom - y_ - 2 * kCellPad;
    size_t lj = fitting(lb, li, room), vj = fitting(vb, vi, room);
    if (lj == li && vj == vi) {
      // Not one line fits here; at a page's top every line does.
      new_page();
      continue;
    }
    double h = std::max({lb.height_of(li, lj), vb.height_of(vi, vj), min_h}) + 2 * kCellPad;
    frame(y_, h);
    draw_lines(lb, li, lj, kLeft + kCellPad, y_ + kCellPad);
    draw_lines(vb, vi, vj, kLeft + kLabelW + kCellPad, y_ + kCellPad);
    y_ += h;
    li = lj;
    vi = vj;
    if (li < lb.lines.size() || vi < vb.lines.size()) new_page();
  }
}

constexpr double kPhotoGap = 6 * kMm;
constexpr double kPhotoW = (kBodyW - kPhotoGap) / 2;
constexpr double kPhotoH = kPhotoW * 3 / 4;
constexpr double kCaptionGap = 3;

void PdfWriter::photo_row(const std::vector<const NoticePhoto*>& row,
                          const std::vector<std::optional<Picture>>& pics) {
  cairo_t* cr = cr_.get();
  std::vector<Block> captions;
  double caption_h = 0;
  for (const NoticePhoto* p : row) {
    captions.push_back(block(clean(p->caption), kCaptionStyle, kPhotoW));
    caption_h = std::max(caption_h, captions.back().height);
  }
  keep(kPhotoH + kCaptionGap + caption_h);
  for (size_t i = 0; i < row.size(); ++i) {
    double x = kLeft + double(i) * (kPhotoW + kPhotoGap);
    if (const auto& pic = pics[i]) {
      double scale = std::min(kPhotoW / pic->width, kPhotoH / pic->height);
      double w = pic->width * scale, h = pic->height * scale;
      double px = x + (kPhotoW - w) / 2, py = y_ + (kPhotoH - h) / 2;
      Surface img(cairo_image_surface_create(CAIRO_FORMAT_RGB24, pic->width, pic->height));
      if (cairo_surface_status(img.get()) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(img.get());
        unsigned char* data = cairo_image_surface_get_data(img.get());
        int stride = cairo_image_surface_get_stride(img.get());
        const auto* src = reinterpret_cast<const unsigned char*>(pic->rgb.data());
        for (int r = 0; r < pic->height; ++r) {
          auto* dst = reinterpret_cast<uint32_t*>(data + size_t(r) * size_t(stride));
          for (int c = 0; c < pic->width; ++c, src += 3)
            dst[c] = 0xFF000000u | uint32_t(src[0]) << 16 | uint32_t(src[1]) << 8 | uint32_t(src[2]);
        }
        cairo_surface_mark_dirty(img.get());
        // The PDF takes the JPEG as it is (DCTDecode) instead of the pixels
        // compressed losslessly, several times larger.
        auto* jpeg = new std::string(pic->jpeg);
        if (cairo_surface_set_mime_data(
                img.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(jpeg->data()),
                jpeg->size(), [](void* p) { delete static_cast<std::string*>(p); }, jpeg))
          delete jpeg;  // not taken: the pixels go in instead
      }
      cairo_save(cr);
      cairo_translate(cr, px, py);
      cairo_scale(cr, scale, scale);
      cairo_set_source_surface(cr, img.get(), 0, 0);
      cairo_paint(cr);
      cairo_restore(cr);
      cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
      cairo_set_line_width(cr, 0.5);
      cairo_rectangle(cr, px, py, w, h);
      cairo_stroke(cr);
    } else {
      cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
      cairo_set_line_width(cr, 0.5);
      double dash = 3;
      cairo_set_dash(cr, &dash, 1, 0);
      cairo_rectangle(cr, x, y_, kPhotoW, kPhotoH);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
      Block note = block("（图片无法显示）", kPlaceholderStyle, kPhotoW);
      draw_lines(note, 0, note.lines.size(), x, y_ + (kPhotoH - note.height) / 2);
    }
    draw_lines(captions[i], 0, captions[i].lines.size(), x, y_ + kPhotoH + kCaptionGap);
  }
  y_ += kPhotoH + kCaptionGap + caption_h;
}

std::string omitted_photos_note(size_t n) { return fmt::format("（另有{}张照片未列出）", n); }

// --- HTML -------------------------------------------------------------------------

void escape_into(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

// A line of a paragraph or the footer; an empty one keeps its height, as
// in the PDF (an empty <p> would collapse).
void escape_line(std::string& out, std::string_view s) {
  if (s.empty())
    out += "&#160;";
  else
    escape_into(out, s);
}

std::string esc(std::string_view s) {
  std::string out;
  escape_into(out, clean(s));
  return out;
}

// The cleaned text's lines. Owning strings: views into clean()'s temporary
// would dangle in a range-for.
std::vector<std::string> split_lines(std::string_view raw) {
  std::string s = clean(raw);
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(s.substr(start, nl - start));
  out.push_back(s.substr(start));
  return out;
}

constexpr std::string_view kHtmlStyle = R"css(
@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-size: 12pt; } }
* { box-sizing: border-box; }
html { background: #e6e6e6; }
body { margin: 0; color: #000; font-size: 12pt; line-height: 1.5;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "宋体", serif; }
.sheet { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, .3); }
@media print {
  html { background: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
.issuer { margin: 0; text-align: center; color: #c70000; font-size: 20pt; font-weight: 700; }
h1 { margin: 4pt 0 0; text-align: center; font-size: 22pt; font-weight: 700; }
.number { margin: 4pt 0 0; text-align: center; font-size: 14pt; }
.rule { border: 0; border-top: 1.5pt solid #c70000; margin: 6pt 0 12pt; }
table.fields { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 12pt;
  print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.fields th, .fields td { border: 0.8pt solid #000; padding: 5pt; line-height: 1.3; }
.fields th { width: 30mm; background: #f0f0f0; font-weight: normal; text-align: center; }
.fields td { white-space: pre-wrap; overflow-wrap: anywhere; }
.fields tr { break-inside: avoid; }
h2 { margin: 12pt 0 4pt; font-size: 14pt; font-weight: 700; break-after: avoid; }
.section p { margin: 0; text-indent: 2em; text-align: justify; line-height: 1.6; overflow-wrap: anywhere;
  white-space: pre-wrap; }
.photos { display: grid; grid-template-columns: 1fr 1fr; gap: 8pt 6mm; margin-top: 8pt; }
figure { margin: 0; break-inside: avoid; }
.box { height: 56.25mm; display: flex; align-items: center; justify-content: center; }
.box img { width: auto; height: auto; max-width: 100%; max-height: 100%; border: 0.5pt solid #999; }
.box.missing { border: 0.5pt dashed #999; color: #737373; font-size: 10.5pt; }
figcaption { margin-top: 3pt; text-align: center; font-size: 10.5pt; overflow-wrap: anywhere; }
.omitted { font-size: 10.5pt; margin: 6pt 0 0; }
.footer { margin: 24pt 0 0; padding-right: 2em; text-align: right; font-size: 14pt; break-inside: avoid; }
.footer p { margin: 0; }
)css";

}  // namespace

Result<std::string> render_notice_pdf(const NoticeDocument& doc) {
  const std::string title = title_of(doc);
  LT_ASSIGN(auto pdf, PdfWriter::open(title));
  PdfWriter& w = *pdf;

  // Header: issuer, title, number, the red rule.
  if (!doc.issuer.empty()) {
    w.flow(w.block(clean(doc.issuer), kIssuerStyle, kBodyW));
    w.skip(6);
  }
  w.flow(w.block(title, kTitleStyle, kBodyW));
  if (!doc.number.empty()) {
    w.skip(4);
    w.flow(w.block(clean(doc.number), kNumberStyle, kBodyW));
  }
  w.skip(6);
  w.rule(1.5, kRed);
  w.skip(14);

  for (const auto& [label, value] : doc.fields) w.table_row(clean(label), clean(value));
  if (!doc.fields.empty()) w.skip(14);

  for (const auto& [heading, text] : doc.sections) {
    Block hb = w.block(clean(heading), kHeadingStyle, kBodyW);
    Block tb = w.block(clean(text), kBodyStyle, kBodyW);
    if (hb.lines.empty() && tb.lines.empty()) continue;
    // A heading stays with the first two lines of its text.
    w.keep(hb.height + 4 + tb.height_of(0, std::min<size_t>(2, tb.lines.size())));
    w.flow(hb);
    if (!hb.lines.empty()) w.skip(4);
    w.flow(tb);
    w.skip(12);
  }

  if (!doc.photos.empty()) {
    size_t shown = std::min(doc.photos.size(), kNoticeMaxPhotos);
    if (!doc.photos_heading.empty()) {
      Block hb = w.block(clean(doc.photos_heading), kHeadingStyle, kBodyW);
      // With the first row of photos and a line of their captions.
      w.keep(hb.height + 6 + kPhotoH + kCaptionGap + 1.5 * kCaptionStyle.size);
      w.flow(hb);
      w.skip(6);
    }
    for (size_t i = 0; i < shown; i += 2) {
      std::vector<const NoticePhoto*> row;
      std::vector<std::optional<Picture>> pics;
      for (size_t j = i; j < std::min(i + 2, shown); ++j) {
        row.push_back(&doc.photos[j]);
        pics.push_back(prepare_photo(doc.photos[j].bytes));
      }
      w.photo_row(row, pics);
      w.skip(8);
    }
    if (doc.photos.size() > shown)
      w.flow(w.block(omitted_photos_note(doc.photos.size() - shown), kCaptionStyle, kBodyW));
  }

  if (!doc.footer.empty()) {
    // Two characters from the right edge, as a signature and date stand in
    // official documents; kept together on one page.
    Block fb = w.block(clean(doc.footer), kFooterStyle, kBodyW - 2 * kFooterStyle.size);
    w.skip(24);
    w.keep(fb.height);
    w.flow(fb);
  }
  return w.finish();
}

std::string render_notice_html(const NoticeDocument& doc) {
  const std::string title = title_of(doc);
  std::string h;
  h.reserve(8192);
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  escape_into(h, title);
  if (!doc.number.empty()) {
    h += ' ';
    h += esc(doc.number);
  }
  h += "</title>\n<style>";
  h += kHtmlStyle;
  h += "</style>\n</head>\n<body>\n<main class=\"sheet ";
  h += doc.kind == NoticeDocument::Kind::supervision_notice ? "supervision-notice" : "rectification-report";
  h += "\">\n";
  if (!doc.issuer.empty()) h += "<p class=\"issuer\">" + esc(doc.issuer) + "</p>\n";
  h += "<h1>";
  escape_into(h, title);
  h += "</h1>\n";
  if (!doc.number.empty()) h += "<p class=\"number\">" + esc(doc.number) + "</p>\n";
  h += "<hr class=\"rule\">\n";

  if (!doc.fields.empty()) {
    h += "<table class=\"fields\">\n<tbody>\n";
    for (const auto& [label, value] : doc.fields)
      h += "<tr><th scope=\"row\">" + esc(label) + "</th><td>" + esc(value) + "</td></tr>\n";
    h += "</tbody>\n</table>\n";
  }

  for (const auto& [heading, text] : doc.sections) {
    h += "<section class=\"section\">\n";
    if (!heading.empty()) h += "<h2>" + esc(heading) + "</h2>\n";
    if (!text.empty())
      for (const std::string& para : split_lines(text)) {
        h += "<p>";
        escape_line(h, para);
        h += "</p>\n";
      }
    h += "</section>\n";
  }

  if (!doc.photos.empty()) {
    size_t shown = std::min(doc.photos.size(), kNoticeMaxPhotos);
    h += "<section class=\"photo-section\">\n";
    if (!doc.photos_heading.empty()) h += "<h2>" + esc(doc.photos_heading) + "</h2>\n";
    h += "<div class=\"photos\">\n";
    for (size_t i = 0; i < shown; ++i) {
      const NoticePhoto& p = doc.photos[i];
      h += "<figure>";
      if (auto pic = prepare_photo(p.bytes)) {
        std::unique_ptr<gchar, GFree> b64(
            g_base64_encode(reinterpret_cast<const guchar*>(pic->jpeg.data()), pic->jpeg.size()));
        h += fmt::format(
            "<div class=\"box\"><img src=\"data:image/jpeg;base64,{}\" width=\"{}\" height=\"{}\" alt=\"",
            b64.get(), pic->width, pic->height);
        h += esc(p.caption);
        h += "\"></div>";
      } else {
        h += "<div class=\"box missing\">（图片无法显示）</div>";
      }
      h += "<figcaption>" + esc(p.caption) + "</figcaption></figure>\n";
    }
    h += "</div>\n";
    if (doc.photos.size() > shown)
      h += "<p class=\"omitted\">" + omitted_photos_note(doc.photos.size() - shown) + "</p>\n";
    h += "</section>\n";
  }

  if (!doc.footer.empty()) {
    h += "<div class=\"footer\">\n";
    for (const std::string& line : split_lines(doc.footer)) {
      h += "<p>";
      escape_line(h, line);
      h += "</p>\n";
    }
    h += "</div>\n";
  }
  h += "</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace lantian::io
