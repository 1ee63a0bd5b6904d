#include "app/uploads.h"

#include <cctype>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "io/evidence_media.h"

namespace lantian::app {

Result<std::string> check_upload(const AttachmentUpload& file) {
  std::vector<FieldError> errs;
  std::string name = trim(file.filename);
  if (auto m = check_text(name, 120, true))
    errs.push_back({"filename", *m});
  else if (has_format_characters(name))  // "photo\u202Egnp.exe" shows as "photoexe.png"
    errs.push_back({"filename", issue("format_characters")});
  if (name.find_first_of("/\\") != std::string::npos) errs.push_back({"filename", issue("no_slash")});
  if (file.bytes.empty()) errs.push_back({"file", issue("file_empty")});
  if (file.bytes.size() > kMaxUploadBytes) return Error::make("file_too_large", {{"max", "8 MiB"}});
  if (!file.bytes.empty() && !io::sniff_content_type(file.bytes))
    errs.push_back({"file", issue("file_type")});
  if (!errs.empty()) return Error::validation(std::move(errs));
  return name;
}

std::string fit_extension(const std::string& name, const std::string& type) {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kExtensions = {
      {"image/jpeg", {".jpg", ".jpeg"}},
      {"image/png", {".png"}},
      {"image/webp", {".webp"}},
      {"application/pdf", {".pdf"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}},
  };
  const std::vector<std::string_view>* exts = nullptr;
  for (const auto& [t, e] : kExtensions)
    if (t == type) exts = &e;
  if (!exts) return name;
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  for (char& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  for (auto e : *exts)
    if (ext == e) return name;
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  return stem + std::string(exts->front());
}

}  // namespace lantian::app
