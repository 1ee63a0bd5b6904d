// Who may call what, on which objects: one table row per route, checked
// three ways.
//  1. Every route registered in src/api has a row (taken from an in-process
//     Api, so a new route without a row fails: "route X has no authorization
//     row"), and every row names a real route.
//  2. The table itself encodes the policy (anonymous 401 on non-open routes,
//     read-only roles 403 on writes, scoped roles blind outside their
//     township, audit for admin and campaign_office only).
//  3. For each demo caller, every row is called against the real server and
//     the answers must match the table.
// Then a few scenarios spell out the rules for unit leaders and staff.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <future>
#include <random>
#include <set>
#include <tuple>

#include "api/api.h"
#include "app/notification_service.h"
#include "core/clock.h"
#include "core/credit_code.h"
#include "io/xlsx_writer.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
using api::Access;

// ---------------------------------------------------------------------------
// The callers, in the table's column order. "pending" is a unit_staff of
// 南郊乡 who has not yet changed the initial password an admin gave them.
enum Caller { kAnon, kAdmin, kOffice, kLeader, kStaff, kInspector, kViewer, kPending, kCallers };
constexpr std::array<const char*, kCallers> kCallerNames = {"anonymous", "admin",     "office", "leader",
                                                            "staff",     "inspector", "viewer", "pending"};

// What a cell expects: an HTTP status, or for list-like reads one of
constexpr int SEES = 1;  // 200, and the target object is in the answer
constexpr int NONE = 2;  // 200, and the target object is NOT in the answer (outside the caller's scope)
// An `outside` column of a route that has no object to be outside of:
constexpr std::array<int, kCallers> kNoObject = {0, 0, 0, 0, 0, 0, 0, 0};

// One row per route.
//  method, pattern: exactly as registered with Router::add.
//  inside:  expected answer per caller when the target object lies inside
//           the caller's data scope, i.e. in 南郊乡's subtree (the township of
//           leader, staff and pending; the all-scope roles see it too).
//  outside: the same call on an object in 汪屯乡's subtree, outside the scope
//           of 南郊乡's leader and staff (for tokens: another user's token);
//           kNoObject when the route has no object.
// Columns: anonymous, admin, office (campaign_office), leader (unit_leader,
// 南郊乡), staff (unit_staff, 南郊乡), inspector, viewer, pending.
// What is sent for each row is in request_for() below; some rows send a
// deliberately incomplete body so that a 422 proves the caller got past
// authentication and authorization without changing anything.
struct Row {
  const char* method;
  const char* pattern;
  std::array<int, kCallers> inside;
  std::array<int, kCallers> outside;
};

// clang-format off
const Row kTable[] = {
//  method    pattern                                    anon    admin   office  leader  staff   insp    viewer  pending
  {"GET",    "/healthz",                                {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  {"GET",    "/metrics",                                {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  // body {}: the handler answers everybody, logged in or not, with 422.
  {"POST",   "/api/v1/auth/login",                      {422,    422,    422,    422,    422,    422,    422,    422}, kNoObject},
  // runs last (it ends the caller's session)
  {"POST",   "/api/v1/auth/logout",                     {401,    204,    204,    204,    204,    204,    204,    204}, kNoObject},
  {"GET",    "/api/v1/auth/me",                         {401,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  // body {}: 422 = reached the handler (allowed while a change is pending)
  {"POST",   "/api/v1/auth/password",                   {401,    422,    422,    422,    422,    422,    422,    422}, kNoObject},
  {"GET",    "/api/v1/auth/tokens",                     {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/auth/tokens",                     {401,    201,    201,    201,    201,    201,    201,    403}, kNoObject},
  // inside: the caller's own token; outside: another user's token
  {"DELETE", "/api/v1/auth/tokens/{id}",                {401,    204,    204,    204,    204,    204,    204,    403},
                                                        {401,    404,    404,    404,    404,    404,    404,    403}},
  {"GET",    "/api/v1/units",                           {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"GET",    "/api/v1/units/tree",                      {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"GET",    "/api/v1/units/{id}",                      {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // outside: parent_id is a unit of 汪屯乡 -> 422 on parent_id for the leader
  {"POST",   "/api/v1/units",                           {401,    201,    403,    201,    403,    403,    403,    403},
                                                        {401,    201,    403,    422,    403,    403,    403,    403}},
  {"PATCH",  "/api/v1/units/{id}",                      {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"POST",   "/api/v1/units/{id}/disable",              {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"POST",   "/api/v1/units/{id}/enable",               {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"GET",    "/api/v1/users",                           {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"GET",    "/api/v1/users/{id}",                      {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // outside: unit_id is a unit of 汪屯乡 -> 422 on unit_id for the leader
  {"POST",   "/api/v1/users",                           {401,    201,    403,    201,    403,    403,    403,    403},
                                                        {401,    201,    403,    422,    403,    403,    403,    403}},
  {"PATCH",  "/api/v1/users/{id}",                      {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"POST",   "/api/v1/users/{id}/disable",              {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"POST",   "/api/v1/users/{id}/enable",               {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"POST",   "/api/v1/users/{id}/reset-password",       {401,    200,    403,    200,    403,    403,    403,    403},
                                                        {401,    200,    403,    404,    403,    403,    403,    403}},
  {"GET",    "/api/v1/audit",                           {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/audit/verify",                    {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // Campaigns: everybody with tasks.read reads; the office (and admin) writes.
  {"GET",    "/api/v1/campaigns",                       {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/campaigns",                       {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/campaigns/{id}",                  {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"PATCH",  "/api/v1/campaigns/{id}",                  {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"PATCH",  "/api/v1/work-areas/{id}",                 {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // the campaign workflow: action "activate" is the office's (party office); its history: any reader
  {"POST",   "/api/v1/campaigns/{id}/actions/{action}", {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/campaigns/{id}/events",           {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // Plan import: the office only (the import row is a dry run).
  {"POST",   "/api/v1/campaigns/{id}/import/preview",   {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/campaigns/{id}/import",           {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/campaigns/{id}/import/template",  {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // Tasks: inside = owned by 南郊乡 (led by the office), outside = owned by 汪屯乡.
  {"GET",    "/api/v1/tasks",                           {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  // exports: whoever reads tasks (each sees its own scope's rows, see plan_import_test)
  {"GET",    "/api/v1/tasks/export.xlsx",               {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/tasks/overdue.xlsx",              {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/tasks/overdue-by-unit",           {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // 我的任务's counts: whoever reads tasks (counts in the caller's own scope)
  {"GET",    "/api/v1/tasks/my-summary",                {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // top-level tasks: the office only
  {"POST",   "/api/v1/tasks",                           {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/tasks/{id}",                      {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"GET",    "/api/v1/tasks/{id}/tree",                 {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // a task's workflow history: whoever may see the task
  {"GET",    "/api/v1/tasks/{id}/events",               {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // a workflow definition's labels and colours: any signed-in user
  {"GET",    "/api/v1/workflows/{name}",                {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // decomposing: the owner unit (or above) or the office; a new subtask for one of its villages
  {"POST",   "/api/v1/tasks/{id}/subtasks",             {401,    201,    201,    201,    403,    403,    403,    403},
                                                        {401,    201,    201,    404,    403,    403,    403,    403}},
  // editing: whoever assigned the task (here the office: it is top-level)
  {"PATCH",  "/api/v1/tasks/{id}",                      {401,    200,    200,    403,    403,    403,    403,    403},
                                                        {401,    200,    200,    404,    403,    403,    403,    403}},
  // action "start": the owner unit or the office; read-only roles hold no party
  {"POST",   "/api/v1/tasks/{id}/actions/{action}",     {401,    200,    200,    200,    200,    403,    403,    403},
                                                        {401,    200,    200,    404,    404,    403,    403,    403}},
  // reporting (milestones, reports, files): the owner unit or above, not the office
  {"POST",   "/api/v1/tasks/{id}/milestones/{milestone}/done",
                                                        {401,    200,    403,    200,    200,    403,    403,    403},
                                                        {401,    200,    403,    404,    404,    403,    403,    403}},
  {"GET",    "/api/v1/tasks/{id}/reports",              {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"POST",   "/api/v1/tasks/{id}/reports",              {401,    201,    403,    201,    201,    403,    403,    403},
                                                        {401,    201,    403,    404,    404,    403,    403,    403}},
  {"POST",   "/api/v1/reports/{id}/attachments",        {401,    201,    403,    201,    201,    403,    403,    403},
                                                        {401,    201,    403,    404,    404,    403,    403,    403}},
  // a file on the task itself (evidence for an action): whoever holds a party on it
  {"POST",   "/api/v1/tasks/{id}/attachments",          {401,    201,    201,    201,    201,    403,    403,    403},
                                                        {401,    201,    201,    404,    404,    403,    403,    403}},
  {"GET",    "/api/v1/attachments/{id}",                {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"GET",    "/api/v1/attachments/{id}/thumbnail",      {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // 催报: the office only
  {"POST",   "/api/v1/tasks/{id}/report-requests",      {401,    201,    201,    403,    403,    403,    403,    403},
                                                        {401,    201,    201,    403,    403,    403,    403,    403}},
  {"GET",    "/api/v1/report-requests",                 {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  // 一键催报 for one task of the township (or outside it): the office only
  {"POST",   "/api/v1/report-requests",                 {401,    200,    200,    403,    403,    403,    403,    403},
                                                        {401,    200,    200,    403,    403,    403,    403,    403}},
  // The holiday arrangement: everybody reads it, only admin (calendar.write) changes it.
  {"GET",    "/api/v1/calendar",                        {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/calendar/working-days",           {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/calendar/today",                  {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/calendar/{year}",                 {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // body: a CSV with a bad date -> 422 = reached the import, nothing changed
  {"PUT",    "/api/v1/calendar/{year}",                 {401,    422,    403,    403,    403,    403,    403,    403}, kNoObject},
  {"PUT",    "/api/v1/calendar/days/{day}",             {401,    200,    403,    403,    403,    403,    403,    403}, kNoObject},
  {"DELETE", "/api/v1/calendar/days/{day}",             {401,    200,    403,    403,    403,    403,    403,    403}, kNoObject},
  // The inbox: every logged-in user has one. inside: a notice to the caller;
  // outside: a notice to another user (never visible, 404 by id).
  {"GET",    "/api/v1/notifications",                   {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    NONE,   NONE,   NONE,   NONE,   NONE,   NONE,   403}},
  {"GET",    "/api/v1/notifications/unread-count",      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/notifications/read-all",          {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/notifications/{id}/read",         {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    404,    404,    404,    404,    404,    404,    403}},
  // Ledgers: every role reads the types; rows as units' data (inside: a boiler
  // of 南郊乡, outside: of 汪屯乡). Registering and editing: ledgers.write in
  // scope (outside: unit_id of 汪屯乡 -> 422 for the township's people).
  {"GET",    "/api/v1/ledger-types",                    {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/ledger-types/{name}",             {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/ledgers/{type}/rows",             {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"POST",   "/api/v1/ledgers/{type}/rows",             {401,    201,    201,    201,    201,    403,    403,    403},
                                                        {401,    201,    201,    422,    422,    403,    403,    403}},
  {"GET",    "/api/v1/ledger-rows/{id}",                {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"PATCH",  "/api/v1/ledger-rows/{id}",                {401,    200,    200,    200,    200,    403,    403,    403},
                                                        {401,    200,    200,    404,    404,    403,    403,    403}},
  // action "stop": the row's unit or a unit above it (admin's district too), not the office
  {"POST",   "/api/v1/ledger-rows/{id}/actions/{action}",
                                                        {401,    200,    403,    200,    200,    403,    403,    403},
                                                        {401,    200,    403,    404,    404,    403,    403,    403}},
  {"GET",    "/api/v1/ledger-rows/{id}/events",         {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // a file: any party of the row (office and inspector included), not the viewer
  {"POST",   "/api/v1/ledger-rows/{id}/files",          {401,    201,    201,    201,    201,    201,    403,    403},
                                                        {401,    201,    201,    404,    404,    201,    403,    403}},
  {"GET",    "/api/v1/record-files/{id}",               {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"GET",    "/api/v1/record-files/{id}/thumbnail",     {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // a task counted from a ledger: read as the task; set by whoever may edit it
  // (the office: it is top-level; 422 = reached the service: the task has no target)
  {"GET",    "/api/v1/tasks/{id}/ledger-count",         {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"PUT",    "/api/v1/tasks/{id}/ledger-count",         {401,    422,    422,    403,    403,    403,    403,    403},
                                                        {401,    422,    422,    404,    403,    403,    403,    403}},
  // Ledger spreadsheets: every reader exports its rows; writers import (a dry
  // run of one valid row); an import job is read by its importer only (none here: 404)
  {"GET",    "/api/v1/ledgers/{type}/export.xlsx",      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/ledgers/{type}/import",           {401,    200,    200,    200,    200,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/ledger-imports/{job}",            {401,    404,    404,    404,    404,    403,    403,    403}, kNoObject},
  // Inspections: every reader sees the checklists and the inspections in its
  // scope; inspectors (and the office, admin) inspect; a photo is added by the
  // inspection's own inspector (each caller files on one it made, if it may)
  {"GET",    "/api/v1/checklists",                      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/inspections",                     {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"POST",   "/api/v1/inspections",                     {401,    201,    201,    403,    403,    201,    403,    403}, kNoObject},
  {"GET",    "/api/v1/inspections/{id}",                {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"POST",   "/api/v1/inspections/{id}/files",          {401,    201,    201,    403,    403,    201,    403,    403}, kNoObject},
  // The map: its tiles and boundary for every reader; points as the ledger lists
  {"GET",    "/api/v1/map/config",                      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/map/points",                      {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"DELETE", "/api/v1/tasks/{id}/ledger-count",         {401,    200,    200,    403,    403,    403,    403,    403},
                                                        {401,    200,    200,    404,    403,    403,    403,    403}},
  // The enterprise registry: everybody reads in scope; the units' own people and the office register and edit.
  // inside = an enterprise of 南郊村, outside = one of 汪屯村 (POST: registered there -> 422 on unit_id).
  {"GET",    "/api/v1/enterprises",                     {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"POST",   "/api/v1/enterprises",                     {401,    201,    201,    201,    201,    403,    403,    403},
                                                        {401,    201,    201,    422,    422,    403,    403,    403}},
  {"GET",    "/api/v1/enterprises/{id}",                {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"PATCH",  "/api/v1/enterprises/{id}",                {401,    200,    200,    200,    200,    403,    403,    403},
                                                        {401,    200,    200,    404,    404,    403,    403,    403}},
  {"POST",   "/api/v1/enterprises/{id}/files",          {401,    201,    201,    201,    201,    403,    403,    403},
                                                        {401,    201,    201,    404,    404,    403,    403,    403}},
  // The registry in and out of Excel: an import registering one of 南郊村 (outside: of 汪屯村 -> 422, a row
  // out of scope, nothing written); every reader exports what they see.
  {"POST",   "/api/v1/enterprises/import",              {401,    200,    200,    200,    200,    403,    403,    403},
                                                        {401,    200,    200,    422,    422,    403,    403,    403}},
  {"GET",    "/api/v1/enterprises/export.xlsx",         {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  // The banned list: everybody reads it; the office keeps it (the import row is a dry run).
  {"GET",    "/api/v1/banned-enterprises",              {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/banned-enterprises",              {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/banned-enterprises/import",       {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // Suspected relocations: of the enterprises in scope; the office confirms or dismisses.
  {"GET",    "/api/v1/relocation-alerts",               {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"POST",   "/api/v1/relocation-alerts/{id}/resolve",  {401,    200,    200,    403,    403,    403,    403,    403},
                                                        {401,    200,    200,    403,    403,    403,    403,    403}},
  // Supervision problems: every reader sees them in scope (inside = one assigned
  // to 南郊村, outside = one of 汪屯村); the office and inspectors register;
  // the unit (and admin, who holds every role's permissions) accepts its own
  // ("accept": office and inspector are no party to it); a party files.
  {"GET",    "/api/v1/problem-rules",                   {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/problems",                        {401,    SEES,   SEES,   SEES,   SEES,   SEES,   SEES,   403},
                                                        {401,    SEES,   SEES,   NONE,   NONE,   SEES,   SEES,   403}},
  {"POST",   "/api/v1/problems",                        {401,    201,    201,    403,    403,    201,    403,    403}, kNoObject},
  {"POST",   "/api/v1/problems/duplicates",             {401,    200,    200,    403,    403,    200,    403,    403}, kNoObject},
  {"GET",    "/api/v1/problems/lateness",               {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/problems/{id}",                   {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"POST",   "/api/v1/problems/{id}/actions/{action}",  {401,    200,    403,    200,    200,    403,    403,    403},
                                                        {401,    200,    403,    404,    404,    403,    403,    403}},
  {"GET",    "/api/v1/problems/{id}/events",            {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  {"POST",   "/api/v1/problems/{id}/files",             {401,    201,    201,    201,    201,    201,    403,    403},
                                                        {401,    201,    201,    404,    404,    201,    403,    403}},
  {"GET",    "/api/v1/problems/{id}/documents/{file}",  {401,    200,    200,    200,    200,    200,    200,    403},
                                                        {401,    200,    200,    404,    404,    200,    200,    403}},
  // Problem spreadsheets: every reader exports what it sees; the campaign
  // office imports (a dry run here) and downloads the template.
  {"GET",    "/api/v1/problems/export.xlsx",            {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/problems/import",                 {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/problems/import-template.xlsx",   {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // Open311 (public complaints): no login, and a session changes nothing: the same answer for every
  // caller (errors as GeoReport error lists). This server has no [open311] keys: posting is disabled.
  {"GET",    "/open311/v2/services.{format}",           {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  {"GET",    "/open311/v2/services/{service_code}.{format}",
                                                        {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  {"POST",   "/open311/v2/requests.{format}",           {403,    403,    403,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/open311/v2/requests.{format}",           {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  // a public problem registered by admin (a problem of another source would be 404 for everybody)
  {"GET",    "/open311/v2/requests/{service_request_id}.{format}",
                                                        {200,    200,    200,    200,    200,    200,    200,    200}, kNoObject},
  // Air quality: the air is no unit's secret — every reader sees every station and its hours; the
  // office registers stations and delivers data (as does the data_feed role, not a caller here).
  {"GET",    "/api/v1/aq/stations",                     {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/stations",                     {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/stations/{id}",                {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"PATCH",  "/api/v1/aq/stations/{id}",                {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/stations/{id}/hours",          {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/stations/{id}/days",           {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/hours",                        {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/aq/hours/import",                 {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  // What the days add up to: every reader; targets are the office's to set.
  {"GET",    "/api/v1/aq/latest",                       {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/area-days",                    {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/rankings",                     {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/targets",                      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/targets",                      {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/targets/{id}",                 {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"PATCH",  "/api/v1/aq/targets/{id}",                 {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/aq/monitoring/scan",              {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/reduction-plan",               {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/warning-standard",             {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/forecasts",                    {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/forecasts",                    {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/aq/forecasts/import",             {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/forecasts/decision",           {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/alerts",                       {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/alerts",                       {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/alerts.atom",                  {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/alerts/{id}",                  {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"POST",   "/api/v1/aq/alerts/{id}/actions/{action}", {401,    200,    200,    403,    403,    403,    403,    403}, kNoObject},
  {"POST",   "/api/v1/aq/alerts/{id}/files",            {401,    201,    201,    403,    403,    403,    403,    403}, kNoObject},
  {"GET",    "/api/v1/aq/alerts/{id}/spot-checks",      {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
  {"GET",    "/api/v1/aq/alerts/{id}/cap.xml",          {401,    200,    200,    200,    200,    200,    200,    403}, kNoObject},
};
// clang-format on

bool has_outside(const Row& r) { return r.outside != kNoObject; }
bool is_write(const std::string& m) { return m != "GET" && m != "HEAD"; }
std::string key(const std::string& method, const std::string& pattern) { return method + " " + pattern; }

const Row* row_for(const std::string& method, const std::string& pattern) {
  for (const auto& r : kTable)
    if (r.method == method && r.pattern == pattern) return &r;
  return nullptr;
}

struct RouteInfo {
  std::string method, pattern;
  Access access;
};

// The routes of an in-process Api over an empty migrated database.
std::vector<RouteInfo> registered_routes() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("lantian-authz-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  std::vector<RouteInfo> out;
  {
    auto db = store::open_sqlite((dir / "routes.db").string());
    if (!db.ok()) throw std::runtime_error("open_sqlite: " + db.error().message);
    if (auto m = store::migrate(**db); !m.ok()) throw std::runtime_error("migrate: " + m.error().message);
    SystemClock clock;
    api::Api a(**db, clock, app::AuthConfig{}, api::ApiOptions{}, nullptr, nullptr);
    for (const auto& r : a.routes()) out.push_back({r.method, r.pattern, r.access});
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return out;
}

const std::vector<RouteInfo>& routes() {
  static const std::vector<RouteInfo> r = registered_routes();
  return r;
}

// ---------------------------------------------------------------------------
// 1 and 2: the table against the route table and the policy (no server).

TEST(AuthorizationTable, EveryRouteHasARow) {
  std::string missing;
  for (const auto& r : routes())
    if (!row_for(r.method, r.pattern))
      missing += "\n  route " + key(r.method, r.pattern) + " has no authorization row";
  EXPECT_TRUE(missing.empty()) << "add a row to kTable in tests/api/authorization_test.cpp:" << missing;
  std::string stale;
  for (const auto& row : kTable) {
    bool found = false;
    for (const auto& r : routes()) found = found || (r.method == row.method && r.pattern == row.pattern);
    if (!found) stale += "\n  " + key(row.method, row.pattern);
  }
  EXPECT_TRUE(stale.empty()) << "rows for routes that do not exist:" << stale;
  std::set<std::string> seen;
  for (const auto& row : kTable)
    EXPECT_TRUE(seen.insert(key(row.method, row.pattern)).second)
        << "two rows for " << row.method << " " << row.pattern;
}

TEST(AuthorizationTable, EncodesThePolicy) {
  for (const auto& route : routes()) {
    const Row* row = row_for(route.method, route.pattern);
    if (!row) continue;  // reported by EveryRouteHasARow
    std::string name = key(route.method, route.pattern);
    for (const auto* col : {&row->inside, &row->outside}) {
      if (col == &row->outside && !has_outside(*row)) continue;
      const auto& c = *col;
      // Anonymous callers get 401 on every route that needs a login.
      if (route.access != Access::open) {
        EXPECT_EQ(c[kAnon], 401) << name;
      }
      // A pending password change blocks everything but the any_user routes.
      if (route.access == Access::user) {
        EXPECT_EQ(c[kPending], 403) << name;
      }
      bool own_auth = route.pattern.rfind("/api/v1/auth/", 0) == 0;
      bool org = route.pattern.rfind("/api/v1/units", 0) == 0 || route.pattern.rfind("/api/v1/users", 0) == 0;
      if (is_write(route.method) && org) {
        // Read-only roles may not write units or users, inside or outside.
        for (Caller ro : {kOffice, kInspector, kViewer, kStaff})
          EXPECT_EQ(c[ro], 403) << name << " " << kCallerNames[ro];
        EXPECT_TRUE(c[kAdmin] == 200 || c[kAdmin] == 201) << name;
      }
      if (is_write(route.method) && own_auth && route.access != Access::open) {
        // ... but their own auth routes (logout, password, tokens) are theirs.
        for (Caller ro : {kOffice, kInspector, kViewer}) {
          EXPECT_NE(c[ro], 403) << name << " " << kCallerNames[ro];
        }
      }
      if (route.pattern.rfind("/api/v1/calendar", 0) == 0 && route.access == Access::user) {
        // Everybody logged in reads the calendar; only admin changes it.
        for (int k = kAdmin; k < kPending; ++k) {
          bool allowed = !is_write(route.method) || k == kAdmin;
          EXPECT_EQ(c[k] == 403, !allowed) << name << " " << kCallerNames[k];
        }
      }
      if (route.pattern.rfind("/api/v1/notifications", 0) == 0 && col == &row->inside) {
        // Every logged-in user has an inbox of their own.
        for (int k = kAdmin; k < kPending; ++k) EXPECT_NE(c[k], 403) << name << " " << kCallerNames[k];
      }
      if (route.pattern.rfind("/api/v1/notifications", 0) == 0 && col == &row->outside) {
        // ... and nobody sees anyone else's.
        for (int k = kAdmin; k < kPending; ++k)
          EXPECT_TRUE(c[k] == 404 || c[k] == NONE) << name << " " << kCallerNames[k];
      }
      bool registry = route.pattern.rfind("/api/v1/enterprises", 0) == 0;
      bool guard = route.pattern.rfind("/api/v1/banned-enterprises", 0) == 0 ||
                   route.pattern.rfind("/api/v1/relocation-alerts", 0) == 0;
      if ((registry || guard) && route.access == Access::user) {
        // Everybody reads the registry (in scope); read-only roles never write
        // it; only the office (and admin) keep the banned list and resolve alerts.
        for (int k = kAdmin; k < kPending; ++k) {
          bool office = k == kAdmin || k == kOffice;
          bool forbidden = is_write(route.method) && (k == kInspector || k == kViewer || (guard && !office));
          EXPECT_EQ(c[k] == 403, forbidden) << name << " " << kCallerNames[k];
        }
      }
      if (route.pattern.rfind("/api/v1/audit", 0) == 0) {
        // Only admin and campaign_office read the audit log.
        EXPECT_EQ(c[kAdmin], 200) << name;
        EXPECT_EQ(c[kOffice], 200) << name;
        for (int k = kLeader; k < kCallers; ++k) {
          EXPECT_EQ(c[k], 403) << name << " " << kCallerNames[k];
        }
      }
    }
    if (route.pattern.rfind("/open311/", 0) == 0) {
      // Open311 is public: open routes, and whoever calls gets the same answer.
      EXPECT_EQ(route.access, Access::open) << name;
      for (int k = kAdmin; k < kCallers; ++k) EXPECT_EQ(row->inside[k], row->inside[kAnon]) << name;
    }
    bool org_read = route.method == "GET" && (route.pattern.rfind("/api/v1/units", 0) == 0 ||
                                              route.pattern.rfind("/api/v1/users", 0) == 0);
    bool scoped_read = route.method == "GET" && (route.pattern.rfind("/api/v1/enterprises", 0) == 0 ||
                                                 route.pattern.rfind("/api/v1/relocation-alerts", 0) == 0);
    if ((org_read || scoped_read) && has_outside(*row)) {
      // Scoped roles neither read nor list objects of another township.
      for (Caller scoped : {kLeader, kStaff})
        EXPECT_TRUE(row->outside[scoped] == 404 || row->outside[scoped] == NONE)
            << name << " " << kCallerNames[scoped];
    }
  }
}

// ---------------------------------------------------------------------------
// 3: the table against the real server, one test per caller.

// The objects the calls are made on, created by admin for each caller's run.
// A PM2.5 target of the 2017–18 campaign for a unit.
json::object target_body(int64_t unit) {
  return {{"name", "2017–18 秋冬季"},  {"unit_id", unit},     {"period_from", "2017-10-01"},
          {"period_to", "2018-03-31"}, {"baseline_pm25", 98}, {"target_pm25", 83.3}};
}

struct World {
  int64_t nanjiao = 0, wangtun = 0;         // the townships 南郊乡 and 汪屯乡
  int64_t village_in = 0, village_out = 0;  // 南郊村 and 汪屯村
  int64_t unit_in = 0, unit_out = 0;        // fresh villages for writes (no users, no children)
  int64_t user_in = 0, user_out = 0;        // fresh unit_staff users of 南郊村 and 汪屯村
  int64_t foreign_token = 0;                // an API token of a user other than the caller
  int64_t campaign = 0, work_area = 0;
  int64_t task_in = 0, task_out = 0;  // with a milestone, a report, a file and a report request
  int64_t milestone_in = 0, milestone_out = 0;
  int64_t report_in = 0, report_out = 0;
  int64_t file_in = 0, file_out = 0;
  int64_t request_in = 0, request_out = 0;
  int64_t fresh_in = 0, fresh_out = 0;            // not started, for the "start" action
  int64_t ledger_in = 0, ledger_out = 0;          // coal boilers of 南郊乡 and 汪屯乡
  int64_t rfile_in = 0, rfile_out = 0;            // a photo on each
  int64_t inspection_in = 0, inspection_out = 0;  // a boiler removal check of each
  int64_t enterprise_in = 0, enterprise_out = 0;  // of 南郊村 and 汪屯村, each suspected of relocating:
  int64_t alert_in = 0, alert_out = 0;            // the alerts of those suspicions
  int64_t problem_in = 0, problem_out = 0;        // supervision problems assigned to 南郊村 and 汪屯村
  int64_t station = 0;                            // a micro station, registered by admin
  std::string station_code;
  int64_t aq_target = 0;    // 南郊乡's PM2.5 target, set by admin
  int64_t caller_user = 0;  // the caller's user id (0 for anonymous)
};

struct Call {
  std::string method, target, body;
  int64_t look_for = 0;  // for SEES/NONE: the id that must (not) be in the answer
  std::map<std::string, std::string> headers = {};
};

class AuthorizationRun : public ::testing::TestWithParam<Caller> {
 protected:
  static void SetUpTestSuite() { server = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;

  void SetUp() override {
    caller_ = GetParam();
    tag_ = kCallerNames[caller_];
    // Log in the callers this run needs at the same time: each login spends
    // one deliberately slow password hash on the server.
    auto login = [](const std::string& u) {
      return std::async(std::launch::async, [u] { return server->client_for(u); });
    };
    auto admin_f = login("admin");
    std::future<std::unique_ptr<HttpClient>> caller_f, other_f;
    if (caller_ != kAnon && caller_ != kAdmin && caller_ != kPending) caller_f = login(kCallerNames[caller_]);
    if (caller_ == kAdmin) other_f = login("viewer");  // owns the "another user's token"
    admin_ = admin_f.get();
    world_.nanjiao = unit_id("南郊乡");
    world_.wangtun = unit_id("汪屯乡");
    world_.village_in = unit_id("南郊村");
    world_.village_out = unit_id("汪屯村");
    world_.unit_in = create_unit("授权-" + tag_ + "-内", world_.nanjiao);
    world_.unit_out = create_unit("授权-" + tag_ + "-外", world_.wangtun);
    // Two fixture users (and the pending caller) in parallel, on separate connections.
    auto make_user = [this](std::string username, int64_t unit) {
      return std::async(std::launch::async, [this, username, unit] {
        HttpClient c(server->port());
        c.default_headers = admin_->default_headers;
        auto r = c.post_json("/api/v1/users", {{"username", username},
                                               {"name", "授权测试"},
                                               {"unit_id", unit},
                                               {"roles", json::array{"unit_staff"}}});
        if (r.status != 201) throw std::runtime_error("creating " + username + ": " + r.body);
        return r.obj();
      });
    };
    auto in_f = make_user("az-" + tag_ + "-in", world_.village_in);
    auto out_f = make_user("az-" + tag_ + "-out", world_.village_out);
    std::future<json::object> pending_f;
    if (caller_ == kPending) pending_f = make_user("az-pending", world_.nanjiao);
    world_.user_in = in_f.get().at("id").as_int64();
    world_.user_out = out_f.get().at("id").as_int64();
    make_task_world();
    make_ledger_world();
    make_enterprise_world();
    make_problem_world();
    world_.station_code = "AZ-" + tag_;
    world_.station = must(admin_->post_json("/api/v1/aq/stations", {{"code", world_.station_code},
                                                                    {"name", "授权微站-" + tag_},
                                                                    {"kind", "micro"}}),
                          201, "registering a station")
                         .at("id")
                         .as_int64();
    world_.aq_target =
        must(admin_->post_json("/api/v1/aq/targets", target_body(world_.nanjiao)), 201, "setting a target")
            .at("id")
            .as_int64();
    if (caller_ == kAdmin) {
      caller_client_ = nullptr;  // admin_ is the caller
      auto other = other_f.get();
      world_.foreign_token = mint_token(*other);
    } else {
      world_.foreign_token = mint_token(*admin_);
      if (caller_ == kAnon) {
        caller_client_ = std::make_unique<HttpClient>(server->port());
      } else if (caller_ == kPending) {
        auto p = pending_f.get();
        pending_user_ = p.at("id").as_int64();
        caller_client_ = server->client_for("az-pending", std::string(p.at("initial_password").as_string()));
      } else {
        caller_client_ = caller_f.get();
      }
    }
    if (caller_ == kPending)
      world_.caller_user = pending_user_;
    else if (caller_ != kAnon)
      world_.caller_user = caller().get("/api/v1/auth/me").obj().at("user").at("id").as_int64();
    // Notices are raised by services inside their transactions, not over
    // HTTP: the test raises them the same way, on the server's database.
    auto db = store::open_database(server->db());
    if (!db.ok()) throw std::runtime_error("opening the server's database: " + db.error().message);
    db_ = std::move(db).value();
  }
  void TearDown() override { db_.reset(); }

  // A fresh notice to `user`; returns its id.
  int64_t raise_notice(int64_t user) {
    SystemClock clock;
    app::NotificationService s(*db_, clock);
    int64_t id = 0;
    auto st = db_->write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto r, s.notify(tx, {user, "task_assigned", std::nullopt, "授权测试 " + tag_, "", ""},
                                 format_utc(clock.now())));
      id = *r;
      return {};
    });
    if (!st.ok()) throw std::runtime_error("raising a notice: " + st.error().message);
    return id;
  }

  HttpClient& caller() { return caller_client_ ? *caller_client_ : *admin_; }

  json::object must(const HttpResponse& r, int status, const std::string& what) {
    if (r.status != status) throw std::runtime_error(what + ": " + r.body);
    return r.obj();
  }
  // The district's alert in force (id, version), issued by admin when none is.
  std::pair<int64_t, int64_t> alert_in_force() {
    auto l = must(admin_->get("/api/v1/aq/alerts?status=in_force"), 200, "listing alerts");
    const auto& items = l.at("items").as_array();
    if (!items.empty()) return {items[0].at("id").as_int64(), items[0].at("version").as_int64()};
    auto a = must(admin_->post_json("/api/v1/aq/alerts", {{"level", "blue"}}), 201, "issuing an alert");
    return {a.at("id").as_int64(), a.at("version").as_int64()};
  }
  // Lifts the alert in force, if any, as admin.
  void no_alert_in_force() {
    auto l = must(admin_->get("/api/v1/aq/alerts?status=in_force"), 200, "listing alerts");
    for (const auto& a : l.at("items").as_array())
      must(admin_->post_json("/api/v1/aq/alerts/" + std::to_string(a.at("id").as_int64()) + "/actions/lift",
                             {{"version", a.at("version").as_int64()}}),
           200, "lifting an alert");
  }
  // A campaign, and in it tasks of 南郊乡 (inside) and 汪屯乡 (outside), each
  // with a milestone, a progress report with a file and a report request
  // (all made by admin), plus a not-started twin for the "start" action.
  void make_task_world() {
    auto c =
        must(admin_->post_json("/api/v1/campaigns", {{"name", "授权行动-" + tag_},
                                                     {"start_date", "2026-01-01"},
                                                     {"end_date", "2030-12-31"},
                                                     {"jurisdiction_unit_id", unit_id("禹王台区人民政府")},
                                                     {"office_unit_id", unit_id("区大气污染防治攻坚办公室")},
                                                     {"status", "active"}}),
             201, "creating a campaign");
    world_.campaign = c.at("id").as_int64();
    world_.work_area = c.at("work_areas").as_array()[0].at("id").as_int64();
    auto task = [&](int64_t owner, const std::string& title) {
      return must(
          admin_->post_json("/api/v1/tasks",
                            {{"campaign_id", world_.campaign},
                             {"work_area_id", world_.work_area},
                             {"title", title},
                             {"owner_unit_id", owner},
                             {"deadline", "2030-12-31"},
                             {"milestones", json::array{{{"title", "节点"}, {"deadline", "2030-06-30"}}}}}),
          201, "creating a task");
    };
    std::string png = make_png(8, 6);  // a real photo: it gets a thumbnail
    for (bool out : {false, true}) {
      int64_t owner = out ? world_.wangtun : world_.nanjiao;
      auto t = task(owner, std::string("授权任务-") + (out ? "外" : "内"));
      int64_t id = t.at("id").as_int64();
      (out ? world_.task_out : world_.task_in) = id;
      (out ? world_.milestone_out : world_.milestone_in) =
          t.at("milestones").as_array()[0].at("id").as_int64();
      std::string base = "/api/v1/tasks/" + std::to_string(id);
      auto rep =
          must(admin_->post_json(base + "/reports", {{"narrative", "授权测试进展"}}), 201, "filing a report");
      int64_t rid = rep.at("id").as_int64();
      (out ? world_.report_out : world_.report_in) = rid;
      auto file =
          must(admin_->request("POST",
                               "/api/v1/reports/" + std::to_string(rid) + "/attachments?filename=a.png", png),
               201, "attaching a file");
      (out ? world_.file_out : world_.file_in) = file.at("id").as_int64();
      auto rq =
          must(admin_->post_json(base + "/report-requests", {{"due_date", "2030-01-31"}}), 201, "requesting");
      (out ? world_.request_out : world_.request_in) = rq.at("id").as_int64();
      (out ? world_.fresh_out : world_.fresh_in) = task(owner, "授权新任务").at("id").as_int64();
    }
  }

  // A coal boiler of the unit, registered by admin.
  int64_t boiler(int64_t unit, const std::string& name) {
    json::object fields{{"owner_name", name},        {"boiler_number", "1号"},
                        {"boiler_kind", "boiler"},   {"capacity", 2},
                        {"fuel", "raw_coal"},        {"use", "heating"},
                        {"address", "授权测试地址"}, {"disposition", "remove"},
                        {"deadline", "2030-10-31"},  {"responsible_person", "授权责任人"}};
    json::object location{{"lng", 114.3712}, {"lat", 34.7853}};
    auto r = must(admin_->post_json("/api/v1/ledgers/coal_boilers/rows",
                                    {{"unit_id", unit}, {"fields", fields}, {"location", location}}),
                  201, "registering a boiler");
    return r.at("id").as_int64();
  }
  int64_t ledger_file(int64_t row) {
    auto f =
        must(admin_->request("POST", "/api/v1/ledger-rows/" + std::to_string(row) + "/files?filename=p.png",
                             make_png(8, 6)),
             201, "filing a photo on a ledger row");
    return f.at("id").as_int64();
  }
  void make_ledger_world() {
    world_.ledger_in = boiler(world_.nanjiao, "授权锅炉-内-" + tag_);
    world_.ledger_out = boiler(world_.wangtun, "授权锅炉-外-" + tag_);
    world_.rfile_in = ledger_file(world_.ledger_in);
    world_.rfile_out = ledger_file(world_.ledger_out);
    world_.inspection_in = inspect(*admin_, world_.ledger_in);
    world_.inspection_out = inspect(*admin_, world_.ledger_out);
  }
  static json::object inspection_body(int64_t row) {
    json::array items;
    for (const char* code : {"furnace_removed", "chimney_removed", "no_coal_stored", "not_relit"})
      items.push_back(json::object{{"code", code}, {"result", "pass"}});
    return {
        {"checklist", "boiler_removal"}, {"ledger_row_id", row}, {"person_met", "张三"}, {"items", items}};
  }
  int64_t inspect(HttpClient& c, int64_t row) {
    return must(c.post_json("/api/v1/inspections", inspection_body(row)), 201, "inspecting")
        .at("id")
        .as_int64();
  }
  // A valid credit code no other call uses.
  std::string fresh_code() {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%09d", int(caller_) * 1000000 + ++counter_);
    std::string first17 = std::string("91410205") + digits;
    return first17 + credit_code_check_character(first17);
  }
  // An enterprise of `village` and a banned one with its credit code (made
  // by admin): the enterprise's id and the alert raised.
  std::pair<int64_t, int64_t> suspected_pair(int64_t village, const std::string& name) {
    std::string code = fresh_code();
    auto e = must(admin_->post_json("/api/v1/enterprises",
                                    {{"name", name}, {"credit_code", code}, {"unit_id", village}}),
                  201, "registering an enterprise");
    auto b = must(admin_->post_json("/api/v1/banned-enterprises",
                                    {{"name", "取缔-" + name}, {"credit_code", code}, {"origin", "龙亭区"}}),
                  201, "listing a banned enterprise");
    for (const auto& a : b.at("alerts").as_array())
      if (a.at("enterprise_id") == e.at("id")) return {e.at("id").as_int64(), a.at("id").as_int64()};
    throw std::runtime_error("no alert for " + name + ": " + json::serialize(b));
  }
  void make_enterprise_world() {
    std::tie(world_.enterprise_in, world_.alert_in) =
        suspected_pair(world_.village_in, "授权企业-" + tag_ + "-内");
    std::tie(world_.enterprise_out, world_.alert_out) =
        suspected_pair(world_.village_out, "授权企业-" + tag_ + "-外");
  }

  // A problem registered by admin and assigned to `unit`.
  int64_t assigned_problem(int64_t unit, const std::string& title) {
    auto p = must(admin_->post_json("/api/v1/problems", problem_body(title)), 201, "registering a problem");
    int64_t id = p.at("id").as_int64();
    must(admin_->post_json("/api/v1/problems/" + std::to_string(id) + "/actions/assign",
                           {{"version", p.at("version")}, {"unit_id", unit}, {"deadline", "2030-12-31"}}),
         200, "assigning a problem");
    return id;
  }
  static json::object problem_body(const std::string& title) {
    return {{"source", "district"},
            {"problem_type", "construction_dust"},
            {"title", title},
            {"location", {{"lng", 114.36}, {"lat", 34.79}}}};
  }
  void make_problem_world() {
    world_.problem_in = assigned_problem(world_.village_in, "授权问题-" + tag_ + "-内");
    world_.problem_out = assigned_problem(world_.village_out, "授权问题-" + tag_ + "-外");
  }

  int64_t unit_id(const std::string& name) {
    auto list = admin_->get("/api/v1/units?per_page=200&q=" + url(name)).obj();
    for (const auto& u : list.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    throw std::runtime_error("no unit " + name);
  }
  int64_t create_unit(const std::string& name, int64_t parent) {
    auto r = admin_->post_json("/api/v1/units", {{"name", name}, {"kind", "village"}, {"parent_id", parent}});
    if (r.status != 201) throw std::runtime_error("creating unit " + name + ": " + r.body);
    return r.obj().at("id").as_int64();
  }
  int64_t mint_token(HttpClient& c) {
    auto r = c.post_json("/api/v1/auth/tokens", {{"name", "authz-" + std::to_string(++counter_)}});
    if (r.status != 201) throw std::runtime_error("creating a token: " + r.body);
    return r.obj().at("id").as_int64();
  }
  static std::string url(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += std::isalnum(c) ? std::string(1, char(c)) : std::string(buf);
    }
    return out;
  }
  // The object's current version (read by admin), after making sure its
  // `disabled` flag is `want_disabled` (or leaving it when nullopt).
  int64_t version_of(const std::string& collection, int64_t id, std::optional<bool> want_disabled = {}) {
    std::string path = "/api/v1/" + collection + "/" + std::to_string(id);
    auto cur = admin_->get(path).obj();
    if (want_disabled && cur.at("disabled").as_bool() != *want_disabled) {
      auto r = admin_->post_json(path + (*want_disabled ? "/disable" : "/enable"),
                                 {{"version", cur.at("version")}});
      if (r.status != 200) throw std::runtime_error("preparing " + path + ": " + r.body);
      cur = r.obj();
    }
    return cur.at("version").as_int64();
  }

  // What to send for a row, on the object inside or outside the caller's scope.
  Call request_for(const std::string& method, const std::string& pattern, bool outside) {
    const World& w = world_;
    std::string n = std::to_string(++counter_);
    auto with_id = [&](int64_t id) {
      std::string t = pattern;
      t.replace(t.find("{id}"), 4, std::to_string(id));
      return t;
    };
    auto version_body = [](int64_t v) { return json::serialize(json::object{{"version", v}}); };
    int64_t unit = outside ? w.unit_out : w.unit_in;
    int64_t user = outside ? w.user_out : w.user_in;
    int64_t township = outside ? w.wangtun : w.nanjiao;
    int64_t village = outside ? w.village_out : w.village_in;
    std::string k = key(method, pattern);
    if (k == "GET /healthz" || k == "GET /metrics" || k == "GET /api/v1/auth/me" ||
        k == "GET /api/v1/auth/tokens" || k == "GET /api/v1/audit" || k == "GET /api/v1/audit/verify")
      return {method, pattern, ""};
    if (k == "POST /api/v1/auth/login" || k == "POST /api/v1/auth/password") return {method, pattern, "{}"};
    if (k == "POST /api/v1/auth/logout") return {method, pattern, ""};
    if (k == "POST /api/v1/auth/tokens")
      return {method, pattern, json::serialize(json::object{{"name", "authz-" + tag_ + "-" + n}})};
    if (k == "DELETE /api/v1/auth/tokens/{id}") {
      int64_t id = w.foreign_token;
      if (!outside && caller_ != kAnon && caller_ != kPending) id = mint_token(caller());
      if (!outside && caller_ == kPending) id = mint_token(*admin_);  // refused before the lookup anyway
      return {method, with_id(id), ""};
    }
    if (k == "GET /api/v1/units")
      return {method, pattern + "?per_page=200&parent_id=" + std::to_string(township), "", village};
    if (k == "GET /api/v1/units/tree") return {method, pattern, "", village};
    if (k == "GET /api/v1/units/{id}") return {method, with_id(village), ""};
    if (k == "POST /api/v1/units")
      return {method, pattern,
              json::serialize(json::object{
                  {"name", "授权新村-" + tag_ + "-" + n}, {"kind", "village"}, {"parent_id", township}})};
    if (k == "PATCH /api/v1/units/{id}") {
      json::object body{{"version", version_of("units", unit)},
                        {"contacts", json::array{json::object{{"name", "值班员"}, {"title", "authz " + n}}}}};
      return {method, with_id(unit), json::serialize(body)};
    }
    if (k == "POST /api/v1/units/{id}/disable")
      return {method, with_id(unit), version_body(version_of("units", unit, false))};
    if (k == "POST /api/v1/units/{id}/enable")
      return {method, with_id(unit), version_body(version_of("units", unit, true))};
    if (k == "GET /api/v1/users")
      return {method, pattern + "?per_page=200&unit=" + std::to_string(village), "", user};
    if (k == "GET /api/v1/users/{id}") return {method, with_id(user), ""};
    if (k == "POST /api/v1/users")
      return {method, pattern,
              json::serialize(json::object{{"username", "az-" + tag_ + "-new" + n},
                                           {"name", "授权新用户"},
                                           {"unit_id", village},
                                           {"roles", json::array{"unit_staff"}}})};
    if (k == "PATCH /api/v1/users/{id}")
      return {
          method, with_id(user),
          json::serialize(json::object{{"version", version_of("users", user)}, {"position", "authz " + n}})};
    if (k == "POST /api/v1/users/{id}/disable")
      return {method, with_id(user), version_body(version_of("users", user, false))};
    if (k == "POST /api/v1/users/{id}/enable")
      return {method, with_id(user), version_body(version_of("users", user, true))};
    if (k == "POST /api/v1/users/{id}/reset-password") return {method, with_id(user), "{}"};
    int64_t task = outside ? w.task_out : w.task_in;
    auto task_path = [&](int64_t id, const std::string& rest) {
      return "/api/v1/tasks/" + std::to_string(id) + rest;
    };
    if (k == "GET /api/v1/campaigns") return {method, pattern, ""};
    if (k == "GET /api/v1/campaigns/{id}") return {method, with_id(w.campaign), ""};
    if (k == "POST /api/v1/campaigns")
      return {method, pattern,
              json::serialize(json::object{{"name", "授权新行动-" + tag_ + "-" + n},
                                           {"start_date", "2026-01-01"},
                                           {"end_date", "2026-12-31"},
                                           {"jurisdiction_unit_id", unit_id("禹王台区人民政府")},
                                           {"office_unit_id", unit_id("区大气污染防治攻坚办公室")}})};
    if (k == "PATCH /api/v1/campaigns/{id}")
      return {method, with_id(w.campaign),
              json::serialize(json::object{{"version", version_of("campaigns", w.campaign)},
                                           {"description", "authz " + n}})};
    if (k == "POST /api/v1/campaigns/{id}/actions/{action}") {
      // A campaign in planning per caller, to be activated.
      auto c = must(
          admin_->post_json("/api/v1/campaigns", {{"name", "授权启动-" + tag_ + "-" + n},
                                                  {"start_date", "2026-01-01"},
                                                  {"end_date", "2026-12-31"},
                                                  {"jurisdiction_unit_id", unit_id("禹王台区人民政府")},
                                                  {"office_unit_id", unit_id("区大气污染防治攻坚办公室")}}),
          201, "creating a campaign to activate");
      return {method, "/api/v1/campaigns/" + std::to_string(c.at("id").as_int64()) + "/actions/activate",
              version_body(c.at("version").as_int64())};
    }
    if (k == "GET /api/v1/campaigns/{id}/events") return {method, with_id(w.campaign), ""};
    if (k == "PATCH /api/v1/work-areas/{id}") {
      int64_t v = 0;
      auto c = admin_->get("/api/v1/campaigns/" + std::to_string(w.campaign)).obj();
      for (const auto& a : c.at("work_areas").as_array())
        if (a.at("id").as_int64() == w.work_area) v = a.at("version").as_int64();
      return {method, with_id(w.work_area),
              json::serialize(json::object{{"version", v}, {"description", "authz " + n}})};
    }
    if (k == "GET /api/v1/tasks/my-summary") return {method, pattern, ""};
    if (k == "GET /api/v1/tasks")
      return {method, pattern + "?per_page=200&campaign_id=" + std::to_string(w.campaign), "", task};
    if (k == "GET /api/v1/tasks/export.xlsx" || k == "GET /api/v1/tasks/overdue.xlsx" ||
        k == "GET /api/v1/tasks/overdue-by-unit")
      return {method, pattern + "?campaign_id=" + std::to_string(w.campaign), ""};
    if (k == "POST /api/v1/campaigns/{id}/import/preview")
      return {method, with_id(w.campaign), plan_workbook("授权导入-" + n)};
    if (k == "GET /api/v1/campaigns/{id}/import/template") return {method, with_id(w.campaign), ""};
    if (k == "POST /api/v1/campaigns/{id}/import")
      return {method, with_id(w.campaign) + "?dry_run=true", plan_workbook("授权导入-" + n)};
    if (k == "POST /api/v1/tasks")
      return {method, pattern,
              json::serialize(json::object{{"campaign_id", w.campaign},
                                           {"title", "授权顶层-" + n},
                                           {"owner_unit_id", township},
                                           {"deadline", "2030-12-31"}})};
    if (k == "GET /api/v1/workflows/{name}") return {method, "/api/v1/workflows/task", ""};
    if (k == "GET /api/v1/tasks/{id}" || k == "GET /api/v1/tasks/{id}/tree" ||
        k == "GET /api/v1/tasks/{id}/reports" || k == "GET /api/v1/tasks/{id}/events")
      return {method, with_id(task), ""};
    if (k == "POST /api/v1/tasks/{id}/subtasks")
      return {method, with_id(task),
              json::serialize(json::object{{"subtasks", json::array{{{"title", "授权子任务-" + n},
                                                                     {"owner_unit_id", village},
                                                                     {"deadline", "2030-12-31"}}}}})};
    if (k == "PATCH /api/v1/tasks/{id}")
      return {method, with_id(task),
              json::serialize(
                  json::object{{"version", version_of("tasks", task)}, {"description", "authz " + n}})};
    if (k == "POST /api/v1/tasks/{id}/actions/{action}") {
      int64_t fresh = outside ? w.fresh_out : w.fresh_in;
      return {method, task_path(fresh, "/actions/start"), version_body(version_of("tasks", fresh))};
    }
    if (k == "POST /api/v1/tasks/{id}/milestones/{milestone}/done")
      return {method,
              task_path(task, "/milestones/" + std::to_string(outside ? w.milestone_out : w.milestone_in) +
                                  "/done"),
              "{}"};
    if (k == "POST /api/v1/tasks/{id}/reports")
      return {method, with_id(task), json::serialize(json::object{{"narrative", "authz " + n}})};
    if (k == "POST /api/v1/reports/{id}/attachments") {
      std::string png("\x89PNG\r\n\x1A\n", 8);
      return {method,
              "/api/v1/reports/" + std::to_string(outside ? w.report_out : w.report_in) +
                  "/attachments?filename=b.png",
              png + n};
    }
    if (k == "POST /api/v1/tasks/{id}/attachments") {
      std::string png("\x89PNG\r\n\x1A\n", 8);
      return {method, task_path(task, "/attachments?filename=e.png"), png + n};
    }
    if (k == "GET /api/v1/attachments/{id}") return {method, with_id(outside ? w.file_out : w.file_in), ""};
    if (k == "GET /api/v1/attachments/{id}/thumbnail")
      return {method,
              "/api/v1/attachments/" + std::to_string(outside ? w.file_out : w.file_in) + "/thumbnail", ""};
    // allow_second: every caller adds one more to the open request of setup.
    if (k == "POST /api/v1/tasks/{id}/report-requests")
      return {method, with_id(task),
              json::serialize(json::object{{"due_date", "2030-02-28"}, {"allow_second", true}})};
    if (k == "POST /api/v1/report-requests")
      return {method, pattern,
              json::serialize(json::object{
                  {"task_ids", json::array{task}}, {"due_date", "2030-02-28"}, {"allow_second", true}})};
    if (k == "GET /api/v1/report-requests")
      return {method, pattern + "?per_page=200", "", outside ? w.request_out : w.request_in};
    if (k == "GET /api/v1/calendar") return {method, pattern, ""};
    if (k == "GET /api/v1/calendar/working-days") return {method, pattern + "?from=2017-09-29&days=1", ""};
    if (k == "GET /api/v1/calendar/today") return {method, pattern, ""};
    if (k == "GET /api/v1/calendar/{year}") return {method, "/api/v1/calendar/2017", ""};
    if (k == "PUT /api/v1/calendar/{year}")
      return {method, "/api/v1/calendar/2026",
              json::serialize(json::object{{"csv", "date,kind,holiday,notice\n2026-13-01,off,授权测试,\n"}})};
    if (k == "PUT /api/v1/calendar/days/{day}")
      return {method, "/api/v1/calendar/days/2026-12-30",
              json::serialize(json::object{{"kind", "off"}, {"holiday", "授权测试 " + tag_}})};
    if (k == "DELETE /api/v1/calendar/days/{day}") {
      // A listed day to remove (listed again for every caller).
      auto r = admin_->request("PUT", "/api/v1/calendar/days/2026-12-29", "{\"kind\":\"off\"}");
      if (r.status != 200) throw std::runtime_error("listing 2026-12-29: " + r.body);
      return {method, "/api/v1/calendar/days/2026-12-29", ""};
    }
    int64_t row = outside ? w.ledger_out : w.ledger_in;
    auto row_path = [&](int64_t id, const std::string& rest) {
      return "/api/v1/ledger-rows/" + std::to_string(id) + rest;
    };
    if (k == "GET /api/v1/ledger-types") return {method, pattern, ""};
    if (k == "GET /api/v1/ledger-types/{name}") return {method, "/api/v1/ledger-types/coal_boilers", ""};
    if (k == "GET /api/v1/ledgers/{type}/rows")
      return {method, "/api/v1/ledgers/coal_boilers/rows?per_page=200", "", row};
    if (k == "POST /api/v1/ledgers/{type}/rows") {
      json::object fields{{"owner_name", "授权新锅炉-" + n},
                          {"boiler_number", "2号"},
                          {"boiler_kind", "boiler"},
                          {"capacity", 1},
                          {"fuel", "briquette"},
                          {"use", "bathing"},
                          {"address", "授权测试地址"},
                          {"disposition", "gas"},
                          {"deadline", "2030-10-31"},
                          {"responsible_person", "授权责任人"}};
      return {method, "/api/v1/ledgers/coal_boilers/rows",
              json::serialize(json::object{{"unit_id", township}, {"fields", fields}})};
    }
    if (k == "GET /api/v1/ledger-rows/{id}" || k == "GET /api/v1/ledger-rows/{id}/events")
      return {method, with_id(row), ""};
    if (k == "PATCH /api/v1/ledger-rows/{id}")
      return {method, with_id(row),
              json::serialize(json::object{{"version", version_of("ledger-rows", row)},
                                           {"fields", json::object{{"contact_person", "授权" + n}}}})};
    if (k == "POST /api/v1/ledger-rows/{id}/actions/{action}") {
      // A fresh boiler per call, with a photo to file with the move.
      int64_t fresh = boiler(township, "授权停用-" + n);
      int64_t photo = ledger_file(fresh);
      return {method, row_path(fresh, "/actions/stop"),
              json::serialize(json::object{{"version", 1},
                                           {"fields", json::object{{"stop_date", "2026-10-01"}}},
                                           {"files", json::array{photo}}})};
    }
    if (k == "POST /api/v1/ledger-rows/{id}/files")
      return {method, row_path(row, "/files?filename=q.png"), make_png(4, 4)};
    if (k == "GET /api/v1/record-files/{id}")
      return {method, with_id(outside ? w.rfile_out : w.rfile_in), ""};
    if (k == "GET /api/v1/record-files/{id}/thumbnail")
      return {method,
              "/api/v1/record-files/" + std::to_string(outside ? w.rfile_out : w.rfile_in) + "/thumbnail",
              ""};
    if (k == "GET /api/v1/tasks/{id}/ledger-count") return {method, with_id(task), ""};
    if (k == "GET /api/v1/map/config") return {method, pattern, ""};
    if (k == "GET /api/v1/checklists") return {method, pattern, ""};
    if (k == "GET /api/v1/inspections")
      return {method, pattern + "?per_page=200", "", outside ? w.inspection_out : w.inspection_in};
    if (k == "POST /api/v1/inspections") return {method, pattern, json::serialize(inspection_body(row))};
    if (k == "GET /api/v1/inspections/{id}")
      return {method, with_id(outside ? w.inspection_out : w.inspection_in), ""};
    if (k == "POST /api/v1/inspections/{id}/files") {
      // An inspection of the caller's own where it may inspect, else admin's.
      bool inspects = caller_ == kAdmin || caller_ == kOffice || caller_ == kInspector;
      int64_t id = inspects ? inspect(caller(), row) : w.inspection_in;
      return {method, "/api/v1/inspections/" + std::to_string(id) + "/files?filename=s.png", make_png(4, 4)};
    }
    if (k == "GET /api/v1/ledgers/{type}/export.xlsx")
      return {method, "/api/v1/ledgers/coal_boilers/export.xlsx", ""};
    if (k == "POST /api/v1/ledgers/{type}/import")
      return {method, "/api/v1/ledgers/coal_boilers/import?dry_run=true&filename=a.csv",
              "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人\n"
              "南郊乡,授权导入户" +
                  n + ",1号,燃煤锅炉,2,型煤,供暖,授权路,拆除,2030-10-31,王五\n"};
    if (k == "GET /api/v1/ledger-imports/{job}")
      return {method, "/api/v1/ledger-imports/0123456789abcdef", ""};
    if (k == "GET /api/v1/map/points") return {method, pattern + "?layers=coal_boilers", "", row};
    if (k == "PUT /api/v1/tasks/{id}/ledger-count")
      return {method, with_id(task), json::serialize(json::object{{"ledger_type", "coal_boilers"}})};
    if (k == "DELETE /api/v1/tasks/{id}/ledger-count") return {method, with_id(task), ""};
    if (k == "GET /api/v1/aq/stations") return {method, pattern, ""};
    if (k == "POST /api/v1/aq/stations")
      return {method, pattern,
              json::serialize(
                  json::object{{"code", "AZ-" + tag_ + "-" + n}, {"name", "授权新站"}, {"kind", "micro"}})};
    if (k == "GET /api/v1/aq/stations/{id}") return {method, with_id(w.station), ""};
    if (k == "PATCH /api/v1/aq/stations/{id}")
      return {
          method, with_id(w.station),
          json::serialize(json::object{
              {"name", "授权改名站"}, {"kind", "micro"}, {"version", version_of("aq/stations", w.station)}})};
    if (k == "GET /api/v1/aq/stations/{id}/hours") return {method, with_id(w.station), ""};
    if (k == "GET /api/v1/aq/stations/{id}/days") return {method, with_id(w.station), ""};
    if (k == "GET /api/v1/aq/latest" || k == "GET /api/v1/aq/targets") return {method, pattern, ""};
    if (k == "POST /api/v1/aq/monitoring/scan") return {method, pattern, ""};
    if (k == "GET /api/v1/aq/area-days")
      return {method, pattern + "?unit_id=" + std::to_string(w.nanjiao), ""};
    if (k == "GET /api/v1/aq/rankings") return {method, pattern + "?of=stations&by=pm25", ""};
    if (k == "POST /api/v1/aq/targets") return {method, pattern, json::serialize(target_body(w.wangtun))};
    if (k == "GET /api/v1/aq/targets/{id}") return {method, with_id(w.aq_target), ""};
    if (k == "PATCH /api/v1/aq/targets/{id}") {
      json::object body = target_body(w.nanjiao);
      body["version"] = 1;
      return {method, with_id(w.aq_target), json::serialize(body)};
    }
    if (k == "GET /api/v1/aq/reduction-plan") return {method, pattern, ""};
    if (k == "POST /api/v1/aq/hours/import")
      return {method,
              pattern,
              "station,time,so2,no2,co,o3,pm10,pm25\n" + w.station_code + ",2017-10-01T11:00:00,,,,,,30\n",
              0,
              {{"Content-Type", "text/csv"}}};
    if (k == "POST /api/v1/aq/hours")
      return {method, pattern,
              json::serialize(json::object{{"hours", json::array{json::object{{"station", w.station_code},
                                                                              {"time", "2017-10-01T10:00:00"},
                                                                              {"pm25", 30}}}}})};
    // Alerts are the district's, one in force at a time: a caller that issues
    // finds none in force, one that acts or files finds one.
    if (k == "GET /api/v1/aq/warning-standard" || k == "GET /api/v1/aq/forecasts" ||
        k == "GET /api/v1/aq/forecasts/decision" || k == "GET /api/v1/aq/alerts" ||
        k == "GET /api/v1/aq/alerts.atom")
      return {method, pattern, ""};
    if (k == "POST /api/v1/aq/forecasts")
      return {method, pattern,
              json::serialize(json::object{
                  {"issued_on", "2026-12-01"},
                  {"source", "授权测试"},
                  {"days",
                   json::array{json::object{{"day", "2026-12-02"}, {"aqi", 150}, {"primary", "PM2.5"}}}}})};
    if (k == "POST /api/v1/aq/forecasts/import")
      return {method,
              pattern + "?issued_on=2026-12-01&source=csv",
              "day,aqi,primary\n2026-12-03,120,PM10\n",
              0,
              {{"Content-Type", "text/csv"}}};
    if (k == "POST /api/v1/aq/alerts") {
      no_alert_in_force();
      return {method, pattern, json::serialize(json::object{{"level", "blue"}})};
    }
    if (k == "GET /api/v1/aq/alerts/{id}" || k == "GET /api/v1/aq/alerts/{id}/cap.xml" ||
        k == "GET /api/v1/aq/alerts/{id}/spot-checks")
      return {method, with_id(alert_in_force().first), ""};
    if (k == "POST /api/v1/aq/alerts/{id}/actions/{action}") {
      no_alert_in_force();  // a fresh blue one to upgrade
      auto [id, version] = alert_in_force();
      return {method, "/api/v1/aq/alerts/" + std::to_string(id) + "/actions/upgrade",
              json::serialize(json::object{{"version", version}, {"level", "red"}})};
    }
    if (k == "POST /api/v1/aq/alerts/{id}/files")
      return {method, "/api/v1/aq/alerts/" + std::to_string(alert_in_force().first) + "/files?filename=n.png",
              make_png(4, 4)};
    int64_t enterprise = outside ? w.enterprise_out : w.enterprise_in;
    if (k == "GET /api/v1/enterprises")
      return {method, pattern + "?per_page=200&q=" + url("授权企业-" + tag_), "", enterprise};
    if (k == "POST /api/v1/enterprises")
      return {method, pattern,
              json::serialize(json::object{{"name", "授权新企业-" + tag_ + "-" + n}, {"unit_id", village}})};
    if (k == "GET /api/v1/enterprises/{id}") return {method, with_id(enterprise), ""};
    if (k == "PATCH /api/v1/enterprises/{id}")
      return {method, with_id(enterprise),
              json::serialize(
                  json::object{{"version", version_of("enterprises", enterprise)}, {"grid", "authz " + n}})};
    if (k == "POST /api/v1/enterprises/{id}/files")
      return {method, with_id(enterprise) + "?filename=p.png", make_png(4, 4)};
    if (k == "POST /api/v1/enterprises/import")
      return {
          method, pattern + "?filename=a.csv",
          "企业名称,所属单位\n授权导入企业-" + tag_ + "-" + n + "," + (outside ? "汪屯村" : "南郊村") + "\n"};
    if (k == "GET /api/v1/enterprises/export.xlsx")
      return {method, pattern + "?q=" + url("授权企业-" + tag_), ""};
    if (k == "GET /api/v1/banned-enterprises") return {method, pattern + "?q=" + url("取缔-授权企业"), ""};
    if (k == "POST /api/v1/banned-enterprises")
      return {method, pattern,
              json::serialize(json::object{{"name", "授权取缔新-" + tag_ + "-" + n}, {"origin", "祥符区"}})};
    if (k == "POST /api/v1/banned-enterprises/import")
      return {method, pattern + "?dry_run=true",
              "名称,原属区域\n授权导入取缔-" + tag_ + "-" + n + ",祥符区\n"};
    if (k == "GET /api/v1/relocation-alerts")
      return {method, pattern + "?per_page=200&status=open", "", outside ? w.alert_out : w.alert_in};
    if (k == "POST /api/v1/relocation-alerts/{id}/resolve") {
      int64_t alert = suspected_pair(village, "授权待核企业-" + tag_ + "-" + n).second;
      return {method, with_id(alert),
              json::serialize(json::object{{"status", "dismissed"}, {"note", "授权测试"}})};
    }
    int64_t problem_id = outside ? w.problem_out : w.problem_in;
    const std::string problem_path = "/api/v1/problems/" + std::to_string(problem_id);
    if (k == "GET /api/v1/problem-rules") return {method, pattern, ""};
    if (k == "GET /api/v1/problems") return {method, pattern + "?per_page=200", "", problem_id};
    if (k == "POST /api/v1/problems")
      return {method, pattern, json::serialize(problem_body("授权新问题-" + tag_ + "-" + n))};
    if (k == "POST /api/v1/problems/duplicates")
      return {method, pattern, json::serialize(problem_body("预查"))};
    if (k == "GET /api/v1/problems/lateness") return {method, pattern, ""};
    if (k == "GET /api/v1/problems/{id}") return {method, problem_path, ""};
    if (k == "GET /api/v1/problems/{id}/events") return {method, problem_path + "/events", ""};
    if (k == "GET /api/v1/problems/{id}/documents/{file}")
      return {method, problem_path + "/documents/notice.html", ""};
    if (k == "POST /api/v1/problems/{id}/files")
      return {method, problem_path + "/files?filename=p.png", make_png(4, 4)};
    if (k == "POST /api/v1/problems/{id}/actions/{action}") {
      auto cur = admin_->get(problem_path).obj();
      return {method, problem_path + "/actions/accept",
              json::serialize(json::object{{"version", cur.at("version")}})};
    }
    if (k == "GET /api/v1/problems/export.xlsx" || k == "GET /api/v1/problems/import-template.xlsx")
      return {method, pattern, ""};
    if (k == "POST /api/v1/problems/import")
      return {method, pattern + "?dry_run=true&filename=a.csv",
              "序号,问题来源,问题类型,问题描述\n授权-" + tag_ + "-" + n + ",区督导组,施工扬尘,授权导入问题" +
                  n + "\n"};
    if (k == "GET /open311/v2/services.{format}") return {method, "/open311/v2/services.json", ""};
    if (k == "GET /open311/v2/services/{service_code}.{format}")
      return {method, "/open311/v2/services/open_burning.xml", ""};
    if (k == "POST /open311/v2/requests.{format}")
      return {method,
              "/open311/v2/requests.json",
              "api_key=authz-key-0123456789abcdef&service_code=open_burning&address_string=x",
              0,
              {{"Content-Type", "application/x-www-form-urlencoded"}}};
    if (k == "GET /open311/v2/requests.{format}") return {method, "/open311/v2/requests.xml", ""};
    if (k == "GET /open311/v2/requests/{service_request_id}.{format}") {
      auto p = must(admin_->post_json("/api/v1/problems", {{"source", "public"},
                                                           {"problem_type", "open_burning"},
                                                           {"title", "授权测试-群众举报-" + n},
                                                           {"address", "授权测试地址"}}),
                    201, "registering a public problem");
      return {method, "/open311/v2/requests/" + std::to_string(p.at("id").as_int64()) + ".json", ""};
    }
    // Notices: to the caller (inside) or to a fixture user who never calls (outside).
    int64_t recipient = outside || caller_ == kAnon ? w.user_in : w.caller_user;
    if (k == "GET /api/v1/notifications") return {method, pattern, "", raise_notice(recipient)};
    if (k == "GET /api/v1/notifications/unread-count") return {method, pattern, ""};
    if (k == "POST /api/v1/notifications/read-all") return {method, pattern, ""};
    if (k == "POST /api/v1/notifications/{id}/read") return {method, with_id(raise_notice(recipient)), ""};
    throw std::runtime_error("request_for() does not know how to call " + k);
  }

  // A one-task plan for the import routes.
  static std::string plan_workbook(const std::string& title) {
    io::XlsxWriter w;
    auto ok = [](const Status& st) {
      if (!st.ok()) throw std::runtime_error("building a plan: " + st.error().message);
    };
    ok(w.add_sheet("计划", {"序号", "工作任务", "责任单位", "完成时限"}));
    ok(w.add_row({std::string("1"), title, std::string("南郊乡"), std::string("2030-12-31")}));
    auto bytes = w.finish();
    if (!bytes.ok()) throw std::runtime_error("building a plan: " + bytes.error().message);
    return *bytes;
  }

  // "" when the answer matches the expectation, else what went wrong.
  static std::string check(int expected, const Call& call, const HttpResponse& r) {
    auto describe = [&](const std::string& what) {
      return what + " (got " + std::to_string(r.status) + ": " + r.body.substr(0, 160) + ")";
    };
    if (expected == SEES || expected == NONE) {
      if (r.status != 200) return describe("expected 200");
      bool found = false;
      std::function<void(const json::value&)> walk = [&](const json::value& v) {
        if (v.is_object()) {
          const auto& o = v.as_object();
          if (o.contains("id") && o.at("id").is_int64() && o.at("id").as_int64() == call.look_for)
            found = true;
          if (o.contains("children")) walk(o.at("children"));
        } else if (v.is_array()) {
          for (const auto& e : v.as_array()) walk(e);
        }
      };
      walk(r.obj().at("items"));
      if (expected == SEES && !found)
        return describe("expected id " + std::to_string(call.look_for) + " in the list");
      if (expected == NONE && found)
        return describe("expected id " + std::to_string(call.look_for) + " NOT in the list");
      return "";
    }
    if (r.status != expected) return describe("expected " + std::to_string(expected));
    if (expected >= 400 && call.target.rfind("/open311/", 0) == 0) {
      // GeoReport's error list, not problem+json.
      auto v = r.json();
      if (r.header("content-type").rfind("application/json", 0) != 0 || !v.is_array() ||
          v.as_array().empty() || v.as_array()[0].at("code").to_number<int64_t>() != expected)
        return describe("expected an Open311 error list of " + std::to_string(expected));
      return "";
    }
    if (expected >= 400) {
      if (r.header("content-type") != "application/problem+json")
        return describe("expected a problem+json body");
      if (r.obj().at("status").as_int64() != expected)
        return describe("problem status differs from the HTTP status");
    }
    return "";
  }

  Caller caller_ = kAnon;
  std::string tag_;
  std::unique_ptr<HttpClient> admin_, caller_client_;
  World world_;
  int64_t pending_user_ = 0;
  std::unique_ptr<store::Database> db_;
  int counter_ = 0;
};
ServerProcess* AuthorizationRun::server = nullptr;

TEST_P(AuthorizationRun, ServerMatchesTheTable) {
  std::string failures;
  int calls = 0;
  auto run = [&](const Row& row) {
    for (bool outside : {false, true}) {
      if (outside && !has_outside(row)) continue;
      int expected = (outside ? row.outside : row.inside)[caller_];
      Call call = request_for(row.method, row.pattern, outside);
      auto r = caller().request(call.method, call.target, call.body, call.headers);
      ++calls;
      std::string what = check(expected, call, r);
      // (Open311 answers its own 403 to everybody, session or not.)
      if (what.empty() && caller_ == kPending && expected == 403 && call.target.rfind("/open311/", 0) != 0 &&
          r.obj().at("code") != json::value("password_change_required"))
        what = "expected code password_change_required (got " + r.body + ")";
      if (!what.empty())
        failures += "\n  " + std::string(row.method) + " " + row.pattern +
                    (outside ? " [outside]" : " [inside]") + " as " + kCallerNames[caller_] + " -> " +
                    call.target + ": " + what;
    }
  };
  for (const auto& row : kTable)
    if (std::string(row.pattern) != "/api/v1/auth/logout") run(row);
  // Logging out ends the caller's session, so it goes last; afterwards the
  // session must be dead.
  run(*row_for("POST", "/api/v1/auth/logout"));
  if (caller_ != kAnon) {
    EXPECT_EQ(caller().get("/api/v1/auth/me").status, 401) << "the session survived logout";
  }
  EXPECT_EQ(calls,
            int(std::size(kTable)) * 2 - int(std::count_if(std::begin(kTable), std::end(kTable),
                                                           [](const Row& r) { return !has_outside(r); })));
  EXPECT_TRUE(failures.empty()) << "answers that differ from the authorization table:" << failures;
}

INSTANTIATE_TEST_SUITE_P(Callers, AuthorizationRun,
                         ::testing::Values(kAnon, kAdmin, kOffice, kLeader, kStaff, kInspector, kViewer,
                                           kPending),
                         [](const ::testing::TestParamInfo<Caller>& p) {
                           return std::string(kCallerNames[p.param]);
                         });

// ---------------------------------------------------------------------------
// Scenarios: the rules for the scoped roles of 南郊乡, spelled out.

class ScopeRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;

  // Logs in several users at once (each login is one slow password hash).
  static std::vector<std::unique_ptr<HttpClient>> login(std::vector<std::string> users) {
    std::vector<std::future<std::unique_ptr<HttpClient>>> fs;
    for (const auto& u : users)
      fs.push_back(std::async(std::launch::async, [u] { return server->client_for(u); }));
    std::vector<std::unique_ptr<HttpClient>> out;
    for (auto& f : fs) out.push_back(f.get());
    return out;
  }
  static json::object units(HttpClient& c, const std::string& query = "") {
    return c.get("/api/v1/units?per_page=200&include_disabled=true" + query).obj();
  }
  static int64_t id_of(HttpClient& c, const std::string& name) {
    auto list = units(c);
    for (const auto& u : list.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    throw std::runtime_error("no unit " + name);
  }
  static std::string path(const char* collection, int64_t id, const std::string& suffix = "") {
    return std::string("/api/v1/") + collection + "/" + std::to_string(id) + suffix;
  }
  // The first field error of a problem response, as "field: message".
  static std::string first_error(const HttpResponse& r) {
    auto p = r.obj();
    if (!p.contains("errors")) return "(no errors) " + r.body;
    const auto& e = p.at("errors").as_array().at(0);
    return std::string(e.at("field").as_string()) + ": " + std::string(e.at("message").as_string());
  }
};
ServerProcess* ScopeRules::server = nullptr;

TEST_F(ScopeRules, StaffSeesOnlyItsOwnTownship) {
  auto cs = login({"admin", "staff"});
  auto &admin = *cs[0], &staff = *cs[1];
  // A user in 汪屯村, to be invisible to 南郊乡's staff.
  int64_t wangtun_village = id_of(admin, "汪屯村");
  auto other = admin.post_json("/api/v1/users", {{"username", "wangtun.clerk"},
                                                 {"name", "汪屯村文书"},
                                                 {"unit_id", wangtun_village},
                                                 {"roles", json::array{"unit_staff"}},
                                                 {"password", "Wangtun!pass1"}});
  ASSERT_EQ(other.status, 201) << other.body;
  int64_t other_id = other.obj().at("id").as_int64();

  // What admin sees below 南郊乡 is exactly what its staff sees, and
  // nothing else: the staff's tree has that one root.
  int64_t nanjiao = id_of(admin, "南郊乡");
  std::function<void(const json::value&, std::set<int64_t>&, bool)> collect =
      [&](const json::value& nodes, std::set<int64_t>& out, bool take) {
        for (const auto& n : nodes.as_array()) {
          bool here = take || n.at("id").as_int64() == nanjiao;
          if (here) out.insert(n.at("id").as_int64());
          collect(n.at("children"), out, here);
        }
      };
  std::set<int64_t> expected, seen;
  collect(admin.get("/api/v1/units/tree").obj().at("items"), expected, false);
  auto tree = staff.get("/api/v1/units/tree").obj();
  ASSERT_EQ(tree.at("items").as_array().size(), 1u) << json::serialize(tree);
  EXPECT_EQ(tree.at("items").as_array()[0].at("name").as_string(), "南郊乡");
  collect(tree.at("items"), seen, true);
  EXPECT_EQ(seen, expected);
  for (const char* name : {"南郊村", "范村", "南郊乡第一网格"})
    EXPECT_TRUE(seen.count(id_of(admin, name))) << name;
  auto mine = units(staff);
  EXPECT_EQ(mine.at("total").as_int64(), int64_t(expected.size())) << json::serialize(mine);
  for (int64_t id : expected) EXPECT_EQ(staff.get(path("units", id)).status, 200) << id;
  // 汪屯乡, its villages and the district above are not found at all.
  for (const char* name : {"汪屯乡", "汪屯村", "东郊村", "禹王台区人民政府", "三里堡社区"}) {
    auto r = staff.get(path("units", id_of(admin, name)));
    EXPECT_EQ(r.status, 404) << name << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(units(staff, "&parent_id=" + std::to_string(id_of(admin, "汪屯乡"))).at("total").as_int64(), 0);
  // Users: its own township's people are visible, others are 404 / absent.
  EXPECT_EQ(staff.get(path("users", other_id)).status, 404);
  auto in_wangtun = staff.get("/api/v1/users?unit=" + std::to_string(wangtun_village)).obj();
  EXPECT_EQ(in_wangtun.at("total").as_int64(), 0);
  auto usernames = [](HttpClient& c, const std::string& query) {
    std::set<std::string> out;
    auto page = c.get("/api/v1/users?per_page=200" + query).obj();
    for (const auto& u : page.at("items").as_array()) out.insert(std::string(u.at("username").as_string()));
    return out;
  };
  auto people = usernames(staff, "");
  EXPECT_EQ(people, usernames(admin, "&unit=" + std::to_string(nanjiao)));
  EXPECT_TRUE(people.count("leader") && people.count("staff"));
  for (const char* outsider : {"admin", "office", "inspector", "viewer", "wangtun.clerk"}) {
    EXPECT_FALSE(people.count(outsider)) << outsider;
    auto found = admin.get(std::string("/api/v1/users?q=") + outsider).obj();
    for (const auto& u : found.at("items").as_array())
      if (u.at("username").as_string() == outsider) {
        EXPECT_EQ(staff.get(path("users", u.at("id").as_int64())).status, 404) << outsider;
      }
  }
  // Staff may not change anything, not even in its own township.
  int64_t fancun = id_of(admin, "范村");
  auto v = admin.get(path("units", fancun)).obj().at("version");
  EXPECT_EQ(staff.patch_json(path("units", fancun), {{"version", v}, {"name", "范村改"}}).status, 403);
}

TEST_F(ScopeRules, LeaderCreatesUnitsAndUsersOnlyInItsOwnTownship) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  int64_t nanjiao = id_of(admin, "南郊乡"), wangtun = id_of(admin, "汪屯乡");
  int64_t wangtun_village = id_of(admin, "汪屯村");
  int64_t units_before = units(admin).at("total").as_int64();
  int64_t users_before = admin.get("/api/v1/users?include_disabled=true").obj().at("total").as_int64();
  int64_t wangtun_children = units(admin, "&parent_id=" + std::to_string(wangtun)).at("total").as_int64();

  auto village =
      leader.post_json("/api/v1/units", {{"name", "南郊新村"}, {"kind", "village"}, {"parent_id", nanjiao}});
  ASSERT_EQ(village.status, 201) << village.body;
  int64_t village_id = village.obj().at("id").as_int64();
  auto user = leader.post_json("/api/v1/users", {{"username", "nanjiao.new"},
                                                 {"name", "南郊新人"},
                                                 {"unit_id", village_id},
                                                 {"roles", json::array{"unit_staff"}}});
  ASSERT_EQ(user.status, 201) << user.body;
  EXPECT_TRUE(user.obj().at("must_change_password").as_bool());

  // Under 汪屯乡: the parent "does not exist" for the leader.
  auto bad_village =
      leader.post_json("/api/v1/units", {{"name", "越界村"}, {"kind", "village"}, {"parent_id", wangtun}});
  EXPECT_EQ(bad_village.status, 422) << bad_village.body;
  EXPECT_EQ(first_error(bad_village), "parent_id: no such unit");
  auto bad_grid = leader.post_json("/api/v1/units",
                                   {{"name", "越界网格"}, {"kind", "grid"}, {"parent_id", wangtun_village}});
  EXPECT_EQ(bad_grid.status, 422) << bad_grid.body;
  EXPECT_EQ(first_error(bad_grid), "parent_id: no such unit");
  auto bad_user = leader.post_json("/api/v1/users", {{"username", "wangtun.new"},
                                                     {"name", "越界用户"},
                                                     {"unit_id", wangtun_village},
                                                     {"roles", json::array{"unit_staff"}}});
  EXPECT_EQ(bad_user.status, 422) << bad_user.body;
  EXPECT_EQ(first_error(bad_user), "unit_id: no such unit");
  // Nor a top-level unit, nor moving its village or its user over there.
  auto top = leader.post_json("/api/v1/units", {{"name", "独立政府"}, {"kind", "district_government"}});
  EXPECT_EQ(top.status, 403) << top.body;
  auto move = leader.patch_json(path("units", village_id), {{"version", 1}, {"parent_id", wangtun}});
  EXPECT_EQ(move.status, 422) << move.body;
  EXPECT_EQ(first_error(move), "parent_id: no such unit");
  auto move_user = leader.patch_json(path("users", user.obj().at("id").as_int64()),
                                     {{"version", 1}, {"unit_id", wangtun_village}});
  EXPECT_EQ(move_user.status, 422) << move_user.body;
  EXPECT_EQ(first_error(move_user), "unit_id: no such unit");
  // Exactly the two allowed objects were stored.
  EXPECT_EQ(units(admin).at("total").as_int64(), units_before + 1);
  EXPECT_EQ(admin.get("/api/v1/users?include_disabled=true").obj().at("total").as_int64(), users_before + 1);
  EXPECT_EQ(units(admin, "&parent_id=" + std::to_string(wangtun)).at("total").as_int64(), wangtun_children);
  // And the audit log stays closed to the leader.
  EXPECT_EQ(leader.get("/api/v1/audit").status, 403);
  EXPECT_EQ(leader.get("/api/v1/audit/verify").status, 403);
}

TEST_F(ScopeRules, LeaderCannotGrantRolesAboveItsOwn) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  int64_t nanjiao = id_of(admin, "南郊乡");
  int64_t users_before = admin.get("/api/v1/users?include_disabled=true").obj().at("total").as_int64();
  int n = 0;
  // Roles with a permission the leader lacks (audit.read) or a wider scope (all).
  for (json::array roles : {json::array{"admin"}, json::array{"campaign_office"}, json::array{"inspector"},
                            json::array{"viewer"}, json::array{"unit_staff", "admin"}}) {
    auto r = leader.post_json("/api/v1/users", {{"username", "grant" + std::to_string(++n)},
                                                {"name", "越权"},
                                                {"unit_id", nanjiao},
                                                {"roles", roles}});
    EXPECT_EQ(r.status, 403) << json::serialize(roles) << ": " << r.body;
  }
  EXPECT_EQ(admin.get("/api/v1/users?include_disabled=true").obj().at("total").as_int64(), users_before);
  // Promoting someone in its township: only within its own grant.
  auto staff_id = leader.get("/api/v1/users?q=staff").obj().at("items").as_array()[0].at("id").as_int64();
  auto staff = leader.get(path("users", staff_id)).obj();
  for (json::array roles :
       {json::array{"admin"}, json::array{"campaign_office"}, json::array{"unit_leader", "viewer"}}) {
    auto r = leader.patch_json(path("users", staff_id), {{"version", staff.at("version")}, {"roles", roles}});
    EXPECT_EQ(r.status, 403) << json::serialize(roles) << ": " << r.body;
  }
  EXPECT_EQ(admin.get(path("users", staff_id)).obj().at("roles"), json::value(json::array{"unit_staff"}));
  // Nor its own roles.
  auto me = leader.get("/api/v1/auth/me").obj().at("user").as_object();
  auto self =
      leader.patch_json(path("users", me.at("id").as_int64()),
                        {{"version", me.at("version")}, {"roles", json::array{"unit_leader", "unit_staff"}}});
  EXPECT_EQ(self.status, 403) << self.body;
}

TEST_F(ScopeRules, LeaderCannotDisableOrResetAUserAboveItsGrant) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  // An admin whose desk happens to be in 南郊村: inside the leader's subtree.
  auto boss = admin.post_json("/api/v1/users", {{"username", "boss"},
                                                {"name", "驻村管理员"},
                                                {"unit_id", id_of(admin, "南郊村")},
                                                {"roles", json::array{"admin"}},
                                                {"password", "Boss!pass2026"}});
  ASSERT_EQ(boss.status, 201) << boss.body;
  int64_t id = boss.obj().at("id").as_int64();
  auto v = boss.obj().at("version");
  EXPECT_EQ(leader.get(path("users", id)).status, 200);  // visible: it is in the subtree
  EXPECT_EQ(leader.post_json(path("users", id, "/disable"), {{"version", v}}).status, 403);
  EXPECT_EQ(leader.post(path("users", id, "/reset-password"), "{}").status, 403);
  EXPECT_EQ(
      leader.patch_json(path("users", id), {{"version", v}, {"roles", json::array{"unit_staff"}}}).status,
      403);
  EXPECT_EQ(admin.get(path("users", id)).obj().at("version"), v) << "the admin user was changed";
}

// Regression test for a bug found by this suite and fixed (src/app/account_service.cpp):
// AccountService::update() checks the target's current roles against the
// caller's grant only when the request changes `roles`. So a unit_leader may
// rename, re-phone, re-title and move (within its subtree) a user whose roles
// it could never assign (here: an admin placed in 南郊村), although disable
// and reset-password on that same user are 403. Expected: 403 as well.
TEST_F(ScopeRules, LeaderCannotEditTheProfileOfAUserAboveItsGrant) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  auto boss = admin.post_json("/api/v1/users", {{"username", "boss2"},
                                                {"name", "驻村管理员"},
                                                {"unit_id", id_of(admin, "南郊村")},
                                                {"roles", json::array{"admin"}},
                                                {"password", "Boss!pass2026"}});
  ASSERT_EQ(boss.status, 201) << boss.body;
  int64_t id = boss.obj().at("id").as_int64();
  auto r = leader.patch_json(path("users", id), {{"version", boss.obj().at("version")},
                                                 {"name", "被改名"},
                                                 {"phone", "13900000000"},
                                                 {"unit_id", id_of(admin, "范村")}});
  EXPECT_EQ(r.status, 403) << "a unit_leader edited an admin's profile: " << r.body;
}

TEST_F(ScopeRules, LeaderMayNotDisableItsOwnUnit) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  int64_t nanjiao = id_of(admin, "南郊乡");
  auto v = admin.get(path("units", nanjiao)).obj().at("version");
  auto r = leader.post_json(path("units", nanjiao, "/disable"), {{"version", v}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(leader.patch_json(path("units", nanjiao), {{"version", v}, {"parent_id", nullptr}}).status, 403);
}

// Regression test for a bug found by this suite and fixed (src/app/org_service.cpp,
// OrgService::update): a unit_leader cannot change anything about its own
// unit (e.g. the contacts of 南郊乡): every PATCH answers 422 "parent_id: no
// such unit", because update() re-checks that the (unchanged) parent lies in
// the caller's scope, and the parent of the leader's own unit never does.
// Expected: 200 when the parent is not being changed (moving the own unit
// stays forbidden, see the "you may not move your own unit" rule there).
TEST_F(ScopeRules, LeaderCanEditItsOwnUnitsDetails) {
  auto cs = login({"admin", "leader"});
  auto &admin = *cs[0], &leader = *cs[1];
  int64_t nanjiao = id_of(admin, "南郊乡");
  auto v = admin.get(path("units", nanjiao)).obj().at("version");
  json::object body{
      {"version", v},
      {"contacts",
       json::array{json::object{{"name", "乡环保所"}, {"phone", "0371-23456789"}, {"title", "值班电话"}}}}};
  auto r = leader.patch_json(path("units", nanjiao), body);
  EXPECT_EQ(r.status, 200) << "a unit_leader cannot edit its own unit: " << r.body;
}

}  // namespace
}  // namespace lantian::test
