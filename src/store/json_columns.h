// Encoding of structured columns stored as JSON text (unit contacts, campaign
// targets and source documents, a relocation alert's candidate and reasons), shared
// by SQLite and PostgreSQL, which both store them as TEXT.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/relocation.h"
#include "core/task.h"

namespace lantian::store {

std::string contacts_to_json(const std::vector<Contact>& contacts);
// Tolerates an empty or malformed column by returning an empty list.
std::vector<Contact> contacts_from_json(const std::string& text);
std::string targets_to_json(const std::vector<CampaignTarget>& targets);
std::vector<CampaignTarget> targets_from_json(const std::string& text);
std::string documents_to_json(const std::vector<SourceDocument>& documents);
std::vector<SourceDocument> documents_from_json(const std::string& text);
// {"name", "legal_rep", "phone", "credit_code", "address"}.
std::string identity_to_json(const EnterpriseIdentity& e);
EnterpriseIdentity identity_from_json(const std::string& text);
// A list of strings.
std::string strings_to_json(const std::vector<std::string>& v);
std::vector<std::string> strings_from_json(const std::string& text);

}  // namespace lantian::store
