// Encoding of structured columns stored as JSON text (unit contacts, campaign
// targets and source documents), shared
// by SQLite and PostgreSQL, which both store them as TEXT.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/task.h"

namespace lantian::store {

std::string contacts_to_json(const std::vector<Contact>& contacts);
// Tolerates an empty or malformed column by returning an empty list.
std::vector<Contact> contacts_from_json(const std::string& text);
std::string targets_to_json(const std::vector<CampaignTarget>& targets);
std::vector<CampaignTarget> targets_from_json(const std::string& text);
std::string documents_to_json(const std::vector<SourceDocument>& documents);
std::vector<SourceDocument> documents_from_json(const std::string& text);

}  // namespace lantian::store
