// Datum conversion against published points (the GCJ-02 and BD-09 formulas
// as every map SDK implements them; vectors from the widely used
// coordtransform library's own examples) and the distance used for the
// 500 m / 200 m rules.
#include "core/geo.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lantian {
namespace {

constexpr double kDeg = 1e-9;  // ~0.1 mm

TEST(Geo, ForwardShiftsMatchPublishedPoints) {
  LngLat p{116.404, 39.915};  // Beijing, 天安门 area
  LngLat g = wgs84_to_gcj02(p);
  EXPECT_NEAR(g.lng, 116.41024449916938, kDeg);
  EXPECT_NEAR(g.lat, 39.91640428150164, kDeg);
  LngLat b = gcj02_to_bd09(p);
  EXPECT_NEAR(b.lng, 116.41036949371029, kDeg);
  EXPECT_NEAR(b.lat, 39.92133699351021, kDeg);
  // The published inverse is the closed form, off by centimetres; ours is
  // exact (below): within 1e-6 degrees (~10 cm) of it.
  LngLat back = bd09_to_gcj02(p);
  EXPECT_NEAR(back.lng, 116.39762729119315, 1e-6);
  EXPECT_NEAR(back.lat, 39.90865673957631, 1e-6);
}

TEST(Geo, InversesReturnToTheOriginalPoint) {
  // 禹王台区 (the seed district, GCJ-02 centre of the shipped boundary) and a
  // few more places.
  for (LngLat p : {LngLat{114.348, 34.777}, LngLat{116.404, 39.915}, LngLat{121.4737, 31.2304},
                   LngLat{87.6177, 43.7928}, LngLat{113.9171, 22.5408}}) {
    LngLat w = gcj02_to_wgs84(p);
    LngLat again = wgs84_to_gcj02(w);
    EXPECT_NEAR(again.lng, p.lng, kDeg);
    EXPECT_NEAR(again.lat, p.lat, kDeg);
    // The shift is hundreds of metres, not zero and not kilometres.
    double shift = distance_m(p, w);
    EXPECT_GT(shift, 50);
    EXPECT_LT(shift, 1000);
    LngLat bd = from_wgs84(w, Datum::bd09);
    LngLat w2 = to_wgs84(bd, Datum::bd09);
    EXPECT_LT(distance_m(w, w2), 0.001);  // under 1 mm
  }
}

TEST(Geo, OutsideChinaGcj02IsWgs84) {
  LngLat paris{2.3522, 48.8566};
  LngLat g = wgs84_to_gcj02(paris);
  EXPECT_EQ(g.lng, paris.lng);
  EXPECT_EQ(g.lat, paris.lat);
  EXPECT_EQ(to_wgs84(paris, Datum::gcj02).lng, paris.lng);
}

TEST(Geo, DistanceOfOneDegreeOfLatitude) {
  // π/180 × the mean Earth radius.
  EXPECT_NEAR(distance_m({114.3, 34.0}, {114.3, 35.0}), 111195.08, 0.1);
  EXPECT_NEAR(distance_m({114.3, 34.7}, {114.3, 34.7}), 0.0, 1e-9);
  // 500 m east at Kaifeng's latitude: cos(34.78°) of a degree per 111 km.
  double dlng = 500.0 / (111195.08 * std::cos(34.78 * 3.14159265358979323846 / 180));
  EXPECT_NEAR(distance_m({114.35, 34.78}, {114.35 + dlng, 34.78}), 500.0, 0.5);
}

TEST(Geo, DatumNamesAndValidPoints) {
  EXPECT_EQ(datum_named("gcj02"), Datum::gcj02);
  EXPECT_EQ(datum_named("bd09"), Datum::bd09);
  EXPECT_EQ(datum_named("wgs84"), Datum::wgs84);
  EXPECT_FALSE(datum_named("WGS84"));
  EXPECT_FALSE(datum_named("cgcs2000"));
  for (Datum d : {Datum::wgs84, Datum::gcj02, Datum::bd09}) EXPECT_EQ(datum_named(datum_name(d)), d);
  EXPECT_TRUE(valid_lnglat({114.35, 34.78}));
  EXPECT_FALSE(valid_lnglat({181, 0}));
  EXPECT_FALSE(valid_lnglat({0, -90.5}));
  EXPECT_FALSE(valid_lnglat({std::nan(""), 0}));
}

}  // namespace
}  // namespace lantian
