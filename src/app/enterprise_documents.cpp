#include "app/enterprise_documents.h"

#include "app/record_files.h"
#include "store/enterprises_repo.h"

namespace lantian::app {
namespace {

// The enterprise, if the reader sees it.
Status visible(store::Tx& tx, const Actor& a, int64_t id) {
  LT_ASSIGN(auto e, store::enterprises::get(tx, id));
  if (!e || !a.sees_path(e->unit_path)) return Error::make("enterprise_not_found");
  return {};
}

}  // namespace

Result<RecordFile> EnterpriseDocumentService::attach(const Actor& a, int64_t enterprise_id,
                                                     const AttachmentUpload& file) {
  if (!a.can("enterprises.write")) return Error::make("not_permitted", {{"permission", "enterprises.write"}});
  return file_on_record(db_, evidence_, clock_, a,
                        {kEnterpriseRecord, enterprise_id, kMaxFilesPerEnterprise, ""}, file,
                        [&](store::Tx& tx) { return visible(tx, a, enterprise_id); });
}

Result<std::pair<RecordFile, std::string>> EnterpriseDocumentService::file(const Actor& a, int64_t file_id,
                                                                           bool thumbnail) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  return read_record_file(db_, evidence_, kEnterpriseRecord, file_id, thumbnail,
                          [&](store::Tx& tx, int64_t id) { return visible(tx, a, id); });
}

}  // namespace lantian::app
