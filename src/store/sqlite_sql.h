// The SQL text SQLite is given for the store's "$N" placeholders
// (store/db.h: every statement numbers its parameters $1, $2, …).
//
// SQLite takes "$1" as a *named* parameter and looks each name up in a list
// while preparing: a multi-row INSERT of a few thousand parameters was
// quadratic to prepare (a batch of 256 HJ 212 frames: 8 % of the server's
// CPU). "?N" is numbered directly, slot N for $N.
//
// Errors: none (text in, text out). Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace lantian::store {

// `sql` with every "$N" (a '$' followed by a digit) written "?N", except
// inside '…' and "…" quotes, -- line comments and /* */ comments.
std::string numbered_placeholders(std::string_view sql);

}  // namespace lantian::store
