// District boundaries from GeoJSON (io/geojson.h) with the files shipped in
// resources/geo: each of Kaifeng's nine county-level divisions holds its own
// published centroid and no other's; bad files are refused by what is wrong.
#include "io/geojson.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lantian::io {
namespace {

std::string shipped(const char* name) {
  std::ifstream in(std::string(LANTIAN_SOURCE_DIR "/resources/geo/") + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GeoJson, EveryKaifengDivisionHoldsItsOwnCentroidAndNoOther) {
  auto areas = read_geojson_areas(shipped("kaifeng-districts-gcj02.geojson"), Datum::gcj02);
  ASSERT_TRUE(areas.ok()) << areas.error().message;
  ASSERT_EQ(areas->size(), 9u);
  // The centroids as published with the boundaries (GCJ-02).
  const std::pair<const char*, LngLat> centroids[] = {
      {"410205", {114.385419, 34.739935}},  // 禹王台区
      {"410212", {114.437622, 34.756476}},  // 祥符区 (its "center": the county seat)
      {"410221", {114.770472, 34.554585}},  // 杞县
      {"410223", {114.193927, 34.412256}},  // 尉氏县
      {"410225", {114.820572, 34.829899}},  // 兰考县
  };
  for (const auto& [code, gcj] : centroids) {
    LngLat w = to_wgs84(gcj, Datum::gcj02);
    for (const auto& a : *areas) EXPECT_EQ(contains(a, w), a.code == code) << a.name << " / " << code;
  }
  for (const auto& a : *areas) {
    EXPECT_FALSE(a.name.empty());
    EXPECT_FALSE(contains(a, {116.404, 39.915})) << a.name;  // Beijing
  }
}

TEST(GeoJson, TheDistrictFileIsInWgs84AndHoldsItsCentre) {
  auto areas = read_geojson_areas(shipped("yuwangtai-gcj02.geojson"), Datum::gcj02);
  ASSERT_TRUE(areas.ok()) << areas.error().message;
  ASSERT_EQ(areas->size(), 1u);
  const Area& d = areas->front();
  EXPECT_EQ(d.name, "禹王台区");
  EXPECT_EQ(d.code, "410205");
  LngLat centroid = to_wgs84({114.385419, 34.739935}, Datum::gcj02);
  EXPECT_TRUE(contains(d, centroid));
  // Read as if it were WGS-84, the boundary sits a few hundred metres off:
  // the first vertex moved by the datum shift.
  auto raw = read_geojson_areas(shipped("yuwangtai-gcj02.geojson"), Datum::wgs84);
  ASSERT_TRUE(raw.ok());
  double shift = distance_m(raw->front().polygons[0].outer[0], d.polygons[0].outer[0]);
  EXPECT_GT(shift, 100);
  EXPECT_LT(shift, 1000);
}

TEST(GeoJson, HolesAndBareGeometries) {
  const char* square_with_hole = R"({"type":"Polygon","coordinates":[
      [[0,0],[10,0],[10,10],[0,10],[0,0]], [[4,4],[6,4],[6,6],[4,6],[4,4]]]})";
  auto a = read_geojson_areas(square_with_hole, Datum::wgs84);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(contains(a->front(), {2, 2}));
  EXPECT_FALSE(contains(a->front(), {5, 5}));  // in the hole
  EXPECT_FALSE(contains(a->front(), {11, 5}));
}

TEST(GeoJson, BadFilesAreRefusedByWhatIsWrong) {
  auto msg = [](std::string_view text) {
    auto r = read_geojson_areas(text, Datum::gcj02);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_NE(msg("{not json").find("not GeoJSON"), std::string::npos);
  EXPECT_NE(msg("[]").find("must be an object"), std::string::npos);
  EXPECT_NE(msg(R"({"type":"FeatureCollection","features":[]})").find("no Polygon"), std::string::npos);
  EXPECT_NE(msg(R"({"type":"Point","coordinates":[114.3,34.7]})").find("no Polygon"), std::string::npos);
  EXPECT_NE(msg(R"({"type":"Polygon","coordinates":[[[0,0],[1,0]]]})").find("at least three"),
            std::string::npos);
  EXPECT_NE(msg(R"({"type":"Polygon","coordinates":[[[0,0],[1,"a"],[1,1]]]})").find("[longitude, latitude]"),
            std::string::npos);
  EXPECT_NE(msg(R"({"type":"Polygon","coordinates":[[[0,0],[190,0],[1,1]]]})").find("out of range"),
            std::string::npos);
}

}  // namespace
}  // namespace lantian::io
