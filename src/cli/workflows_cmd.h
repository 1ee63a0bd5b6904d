// Workflow definitions from disk: a deployment's override directory
// (lantian.toml [workflows] dir, or LANTIAN_WORKFLOWS_DIR) whose *.toml files
// replace the shipped definitions of the same name (core/workflows.h), and
// `lantian workflows check [DIR]`, which validates the shipped definitions
// with DIR's overrides and prints every problem.
//
// Thread-safety: call at start, before other threads run.
#pragma once

#include <string>

#include "core/workflows.h"

namespace lantian::cli {

// The shipped definitions with the *.toml files of `dir` ("" = none)
// replacing those of the same name. Errors: invalid naming an unreadable
// directory or file, and every problem of every definition.
Result<WorkflowSet> load_workflow_dir(const std::string& dir);

// `lantian workflows check [DIR]`: 0 when valid (prints the workflows), 1
// with the problems on stderr.
int cmd_workflows(const std::vector<std::string>& positional, const std::string& config_dir);

}  // namespace lantian::cli
