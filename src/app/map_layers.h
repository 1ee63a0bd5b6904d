// The map's layers (一张图): each ledger type the reader may read, the
// registry's enterprises ("enterprises"), the inspections ("inspections")
// and the supervision problems ("problems", coloured by their workflow state) — names, labels and the
// statuses their markers are coloured by — and the located records of the layers a reader chooses, each in
// that reader's scope for the layer (the ledger's list scope, the enterprise list's, the inspection list's).
//
// A ledger type's statuses are its workflow's states; an enterprise's are
// core/enterprises.h's; an inspection's are its results (core/checklist.h).
// Coordinates stay WGS-84 here: the route converts for the tiles
// (app/map_service.h display()).
//
// Errors: layers() returns not_permitted without ledgers.read. points():
// ledger_type_not_found for a layer that is neither a ledger type nor a fixed
// layer, not_permitted for a layer the reader may not read,
// query_unknown_value on "status" for a status none of the chosen layers has.
//
// Thread-safety: as the services it holds (safe for concurrent use).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/error.h"
#include "core/geo.h"
#include "core/workflow.h"

namespace lantian::app {

class LedgerService;
class EnterpriseService;
class InspectionService;
class ProblemService;

// The names of the layers that are not ledger types.
inline constexpr std::string_view kEnterprisesLayer = "enterprises";
inline constexpr std::string_view kInspectionsLayer = "inspections";
inline constexpr std::string_view kProblemsLayer = "problems";

struct MapStatusView {
  std::string code;
  Label label;
  std::string color;  // CSS hex
};

struct MapLayerView {
  std::string name;  // a ledger type's name, "enterprises" or "inspections"
  std::string kind;  // "ledger", "enterprises", "inspections", "problems"
  Label label;
  std::vector<MapStatusView> statuses;
};

struct MapPoint {
  int64_t id = 0;     // of the ledger row, enterprise or inspection
  std::string layer;  // MapLayerView::name
  std::string title, status, unit_name;
  LngLat at;  // WGS-84
};

struct MapPoints {
  std::vector<MapPoint> items;
  bool truncated = false;  // more than the limit matched
};

class MapLayers {
 public:
  MapLayers(LedgerService& ledgers, EnterpriseService& enterprises, InspectionService& inspections,
            ProblemService& problems)
      : ledgers_(ledgers), enterprises_(enterprises), inspections_(inspections), problems_(problems) {}

  // The layers the reader may see: its ledger types, then the enterprises
  // (with enterprises.read), then the inspections, then the problems (with
  // problems.read).
  Result<std::vector<MapLayerView>> layers(const Actor& a) const;
  // The located records of `layers` (names, in the order given) with one of
  // `statuses` (empty = any; a status counts for the layers that have it),
  // newest first per layer, at most `limit` in all.
  Result<MapPoints> points(const Actor& a, const std::vector<std::string>& layers,
                           const std::vector<std::string>& statuses, size_t limit) const;

 private:
  LedgerService& ledgers_;
  EnterpriseService& enterprises_;
  InspectionService& inspections_;
  ProblemService& problems_;
};

}  // namespace lantian::app
