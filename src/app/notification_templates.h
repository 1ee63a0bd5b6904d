// The texts of notifications, per template, in Chinese and English. A notice
// stores its template's name and parameters (store/notifications_repo.h);
// the inbox renders it in the reader's language, the webhook in Chinese.
// A template's name is usually the notice's kind; kinds with variants
// (due today / due in N working days) have one template per variant.
//
// Parameters fill {name} placeholders (core/error_codes.h render_template);
// values are plain text the caller has already shortened.
//
// Thread-safety: immutable data; pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian::app {

enum class Lang { zh, en };

struct NotificationTemplate {
  std::string_view name;
  std::string_view params;  // parameter names, comma-separated
  std::string_view zh_title, zh_body;
  std::string_view en_title, en_body;
};

std::span<const NotificationTemplate> notification_templates();
const NotificationTemplate* find_notification_template(std::string_view name);

struct RenderedNotice {
  std::string title, body;
};
// The notice in `lang`. Errors: invalid for an unknown template.
Result<RenderedNotice> render_notification(std::string_view name, const Params& params, Lang lang);

// Params as the JSON object stored with a notice, and back (a malformed or
// empty text gives no params).
std::string params_to_json(const Params& params);
Params params_from_json(std::string_view json);

}  // namespace lantian::app
