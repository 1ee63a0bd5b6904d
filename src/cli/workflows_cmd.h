// Workflow and ledger type definitions from disk: a deployment's override
// directories (lantian.toml [workflows] dir / LANTIAN_WORKFLOWS_DIR, [ledgers]
// dir / LANTIAN_LEDGERS_DIR) whose *.toml files replace the shipped
// definitions of the same name (core/workflows.h, core/ledgers.h) or add
// ledger types, and `lantian workflows check [DIR]` / `lantian ledgers check
// [DIR]`, which validate the shipped definitions with DIR's and print every
// problem.
//
// Thread-safety: call at start, before other threads run.
#pragma once

#include <string>

#include "core/ledgers.h"
#include "core/workflows.h"

namespace lantian::cli {

// The shipped definitions with the *.toml files of `dir` ("" = none)
// replacing those of the same name. Errors: invalid naming an unreadable
// directory or file, and every problem of every definition.
Result<WorkflowSet> load_workflow_dir(const std::string& dir);

// `lantian workflows check [DIR]`: 0 when valid (prints the workflows), 1
// with the problems on stderr.
int cmd_workflows(const std::vector<std::string>& positional, const std::string& config_dir);

// The shipped ledger types with the *.toml files of `dir` ("" = none),
// validated against `workflows`. Errors as load_workflow_dir.
Result<LedgerTypeSet> load_ledger_dir(const std::string& dir, const WorkflowSet& workflows);

// `lantian ledgers check [DIR]`: the ledger types against the workflows of
// the configured [workflows] dir; 0 when valid (prints them), 1 with the
// problems on stderr.
int cmd_ledgers(const std::vector<std::string>& positional, const std::string& config_dir,
                const std::string& workflows_dir);

}  // namespace lantian::cli
