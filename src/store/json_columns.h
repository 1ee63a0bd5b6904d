// Encoding of structured columns stored as JSON text (unit contacts), shared
// by SQLite and PostgreSQL, which both store them as TEXT.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"

namespace lantian::store {

std::string contacts_to_json(const std::vector<Contact>& contacts);
// Tolerates an empty or malformed column by returning an empty list.
std::vector<Contact> contacts_from_json(const std::string& text);

}  // namespace lantian::store
