// Open311 GeoReport v2 over HTTP (api/open311_routes.cpp), on SQLite and
// (api_pg_tests) PostgreSQL: every answer against the spec's field lists in
// JSON and in XML (read back with pugixml), a posted request as a registered
// public problem in the office's lists, its status turning closed when the
// office dismisses it, only public problems served, bad input answered with
// the error list and nothing created, unknown keys, the per-key rate limit
// (a server of its own), and XML escaping.
#include <gtest/gtest.h>

#include <fstream>
#include <pugixml.hpp>

#include "store/db.h"
#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
using Fields = std::vector<std::string>;

// The spec's fields (http://wiki.open311.org/GeoReport_v2), in its order.
const Fields kServiceFields = {"service_code", "service_name", "description", "metadata",
                               "type",         "keywords",     "group"};
const Fields kReceiptFields = {"service_request_id", "service_notice", "account_id"};
const Fields kRequestFields = {"service_request_id",
                               "status",
                               "status_notes",
                               "service_name",
                               "service_code",
                               "description",
                               "agency_responsible",
                               "service_notice",
                               "requested_datetime",
                               "updated_datetime",
                               "expected_datetime",
                               "address",
                               "address_id",
                               "zipcode",
                               "lat",
                               "long",
                               "media_url"};
const Fields kErrorFields = {"code", "description"};

const char* kKey = "open311-test-key-0123456789";
const char* kOtherKey = "open311-other-key-9876543210";

std::string url(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", c);
    out += std::isalnum(c) ? std::string(1, char(c)) : std::string(buf);
  }
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  for (const auto& [k, v] : values) out += (out.empty() ? "" : "&") + url(k) + "=" + url(v);
  return out;
}

std::string config_file(const std::string& text) {
  auto dir = make_temp_dir("lantian-open311");
  std::string path = (dir / "lantian.toml").string();
  std::ofstream(path) << text;
  return path;
}

// The object's keys, in order.
Fields keys_of(const json::object& o) {
  Fields out;
  for (const auto& kv : o) out.emplace_back(kv.key());
  return out;
}

// The child element names of an XML element, in order.
Fields children_of(pugi::xml_node n) {
  Fields out;
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) out.emplace_back(c.name());
  return out;
}

struct Xml {
  pugi::xml_document doc;
  pugi::xml_node root() const { return doc.document_element(); }
  std::vector<pugi::xml_node> items(const char* name) const {
    std::vector<pugi::xml_node> out;
    for (auto c : root().children(name)) out.push_back(c);
    return out;
  }
};

// Parses an XML answer, checking its declaration and content type.
std::unique_ptr<Xml> xml_of(const HttpResponse& r) {
  auto x = std::make_unique<Xml>();
  EXPECT_EQ(r.header("content-type"), "text/xml; charset=utf-8") << r.body;
  EXPECT_EQ(r.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << r.body;
  auto res = x->doc.load_string(r.body.c_str());
  EXPECT_TRUE(res) << res.description() << " in " << r.body;
  return x;
}

json::array json_array_of(const HttpResponse& r) {
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << r.body;
  auto v = r.json();
  EXPECT_TRUE(v.is_array()) << r.body;
  return v.is_array() ? v.as_array() : json::array{};
}

// An error list of one status in JSON: every entry {code, description}
// with that code; the descriptions joined.
std::string json_errors(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  std::string all;
  auto list = json_array_of(r);
  EXPECT_FALSE(list.empty()) << r.body;
  for (const auto& e : list) {
    EXPECT_EQ(keys_of(e.as_object()), kErrorFields) << r.body;
    EXPECT_EQ(e.at("code").as_int64(), status) << r.body;
    all += std::string(e.at("description").as_string()) + "\n";
  }
  return all;
}

// The same in XML: <errors><error><code/><description/></error></errors>.
std::string xml_errors(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  auto x = xml_of(r);
  EXPECT_STREQ(x->root().name(), "errors");
  std::string all;
  auto items = x->items("error");
  EXPECT_FALSE(items.empty()) << r.body;
  for (auto e : items) {
    EXPECT_EQ(children_of(e), kErrorFields) << r.body;
    EXPECT_EQ(e.child("code").text().as_int(), status) << r.body;
    all += std::string(e.child("description").text().get()) + "\n";
  }
  return all;
}

class Open311Test : public DemoSuite {
 protected:
  static void SetUpTestSuite() {
    start_server({"--config",
                  config_file(std::string("[open311]\nkeys = [\"") + kKey + "\", \"" + kOtherKey +
                              "\"]\nrequests_per_minute = 1000\n"),
                  "--clock-start", "2017-11-15T09:00:00+08:00"});
  }
  void SetUp() override {
    if (!log_in({"office", "viewer"})) return;
    pub = std::make_unique<HttpClient>(server->port());
    nanjiao = unit_id("南郊乡");
  }
  static void TearDownTestSuite() {
    pub.reset();
    DemoSuite::TearDownTestSuite();
  }

  // A client with no session: the public.
  static HttpClient& anon() { return *pub; }
  static HttpResponse post(const std::string& ext,
                           const std::vector<std::pair<std::string, std::string>>& v) {
    return anon().post("/open311/v2/requests." + ext, form(v),
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  // A valid request's fields with `extra` added or replacing.
  static std::vector<std::pair<std::string, std::string>> request_fields(
      const std::string& description, std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> v = {
        {"api_key", kKey},    {"service_code", "construction_dust"},      {"lat", "34.7702"},
        {"long", "114.3301"}, {"address_string", "禹王台区南郊乡某工地"}, {"description", description}};
    for (auto& [k, val] : extra) {
      bool replaced = false;
      for (auto& kv : v)
        if (kv.first == k) kv.second = val, replaced = true;
      if (!replaced) v.emplace_back(k, val);
    }
    return v;
  }
  // Posts a valid request; its service_request_id.
  static int64_t create(const std::string& description,
                        std::vector<std::pair<std::string, std::string>> extra = {}) {
    auto r = post("json", request_fields(description, std::move(extra)));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return 0;
    return r.json().as_array()[0].at("service_request_id").as_int64();
  }
  static json::object request_json(int64_t id) {
    auto r = anon().get("/open311/v2/requests/" + std::to_string(id) + ".json");
    EXPECT_EQ(r.status, 200) << r.body;
    auto list = json_array_of(r);
    EXPECT_EQ(list.size(), 1u) << r.body;
    return list.empty() ? json::object{} : list[0].as_object();
  }
  // The ids in a GET requests.json answer.
  static std::set<int64_t> listed(const std::string& query) {
    auto r = anon().get("/open311/v2/requests.json" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> ids;
    for (const auto& e : json_array_of(r)) ids.insert(e.at("service_request_id").as_int64());
    return ids;
  }
  static int64_t public_problems() {
    auto r = office->get("/api/v1/problems?source=public&per_page=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().at("total").as_int64();
  }
  static HttpResponse office_act(int64_t id, const std::string& action, json::object body) {
    body["version"] = office->get("/api/v1/problems/" + std::to_string(id)).obj().at("version");
    return office->post_json("/api/v1/problems/" + std::to_string(id) + "/actions/" + action, body);
  }

  static inline std::unique_ptr<HttpClient> pub;
  static inline int64_t nanjiao = 0;
};

TEST_F(Open311Test, ServiceListHasTheSpecsFieldsInJsonAndXml) {
  auto r = anon().get("/open311/v2/services.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  auto list = json_array_of(r);
  ASSERT_EQ(list.size(), 13u) << "one service per problem type of resources/problems.toml";
  json::object dust;
  for (const auto& s : list) {
    EXPECT_EQ(keys_of(s.as_object()), kServiceFields) << json::serialize(s);
    EXPECT_EQ(s.at("metadata"), json::value(false));
    EXPECT_EQ(s.at("type"), "realtime");
    if (s.at("service_code") == "construction_dust") dust = s.as_object();
  }
  ASSERT_FALSE(dust.empty());
  EXPECT_EQ(dust.at("service_name"), "施工扬尘");
  EXPECT_EQ(dust.at("group"), "施工扬尘“六个百分百”");
  EXPECT_NE(std::string(dust.at("keywords").as_string()).find("Construction dust"), std::string::npos);

  auto x = anon().get("/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = xml_of(x);
  EXPECT_STREQ(doc->root().name(), "services");
  auto items = doc->items("service");
  ASSERT_EQ(items.size(), list.size());  // the same services as the JSON list
  for (auto s : items) {
    EXPECT_EQ(children_of(s), kServiceFields);
    EXPECT_STREQ(s.child("metadata").text().get(), "false");
    EXPECT_STREQ(s.child("type").text().get(), "realtime");
  }
  EXPECT_STREQ(items[0].child("service_code").text().get(), list[0].at("service_code").as_string().c_str());
  EXPECT_STREQ(items[0].child("service_name").text().get(), list[0].at("service_name").as_string().c_str());
}

TEST_F(Open311Test, ServiceDefinitionNamesTheServiceWithoutAttributes) {
  auto r = anon().get("/open311/v2/services/open_burning.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  auto o = r.obj();
  EXPECT_EQ(keys_of(o), (Fields{"service_code", "attributes"}));
  EXPECT_EQ(o.at("service_code"), "open_burning");
  EXPECT_TRUE(o.at("attributes").as_array().empty());
  auto x = anon().get("/open311/v2/services/open_burning.xml");
  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = xml_of(x);
  EXPECT_STREQ(doc->root().name(), "service_definition");
  EXPECT_EQ(children_of(doc->root()), (Fields{"service_code", "attributes"}));
  EXPECT_STREQ(doc->root().child("service_code").text().get(), "open_burning");
  EXPECT_TRUE(children_of(doc->root().child("attributes")).empty());
  // An unknown service, and an unknown format.
  EXPECT_NE(json_errors(anon().get("/open311/v2/services/weather.json"), 404).find("weather"),
            std::string::npos);
  xml_errors(anon().get("/open311/v2/services/weather.xml"), 404);
  json_errors(anon().get("/open311/v2/services.csv"), 404);
  json_errors(anon().get("/open311/v2/nothing.json"), 404);
}

TEST_F(Open311Test, APostedRequestIsARegisteredPublicProblemForTheOffice) {
  auto r = post("json", request_fields("工地夜间施工，裸土未覆盖，扬尘很大。\n第二段：已持续一周。",
                                       {{"first_name", "建国"},
                                        {"last_name", "王"},
                                        {"phone", "13800001111"},
                                        {"email", "wang@example.com"},
                                        {"media_url", "https://app.example.com/photos/1.jpg"},
                                        {"device_id", "device-7"},
                                        {"account_id", "acct-42"},
                                        {"jurisdiction_id", "yuwangtai"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = json_array_of(r);
  ASSERT_EQ(list.size(), 1u);
  auto receipt = list[0].as_object();
  EXPECT_EQ(keys_of(receipt), kReceiptFields);
  EXPECT_EQ(receipt.at("account_id"), "acct-42");
  int64_t id = receipt.at("service_request_id").as_int64();
  std::string notice(receipt.at("service_notice").as_string());
  EXPECT_NE(notice.find("禹攻坚诉〔2017〕"), std::string::npos) << notice;

  // The office sees it among the problems: registered, public, with the reporter.
  auto p = office->get("/api/v1/problems/" + std::to_string(id));
  ASSERT_EQ(p.status, 200) << p.body;
  auto problem = p.obj();
  EXPECT_EQ(problem.at("source"), "public");
  EXPECT_EQ(problem.at("status"), "registered");
  EXPECT_EQ(problem.at("problem_type"), "construction_dust");
  EXPECT_EQ(problem.at("title"), "工地夜间施工，裸土未覆盖，扬尘很大。");
  EXPECT_EQ(problem.at("address"), "禹王台区南郊乡某工地");
  EXPECT_NEAR(problem.at("location").at("lat").to_number<double>(), 34.7702, 1e-9);
  ASSERT_TRUE(problem.at("reporter").is_object()) << p.body;
  EXPECT_EQ(problem.at("reporter").at("name"), "王建国");
  EXPECT_EQ(problem.at("reporter").at("phone"), "13800001111");
  EXPECT_EQ(problem.at("reporter").at("email"), "wang@example.com");
  EXPECT_TRUE(notice.find(std::string(problem.at("number").as_string())) != std::string::npos);
  bool listed_for_office = false;
  auto all = office->get("/api/v1/problems?source=public&status=registered&per_page=200").obj();
  for (const auto& it : all.at("items").as_array()) listed_for_office |= it.at("id").as_int64() == id;
  EXPECT_TRUE(listed_for_office);
  // A viewer reads the problem but not the reporter's contact.
  EXPECT_TRUE(viewer->get("/api/v1/problems/" + std::to_string(id)).obj().at("reporter").is_null());

  // Registered by the system: no user created it; the Open311 fields beside it.
  auto db = store::open_database(server->db());
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto row, tx.query_one("SELECT created_by FROM problems WHERE id = $1", {id}));
    EXPECT_TRUE(row && row->is_null(0));
    LT_ASSIGN(auto extra,
              tx.query_one("SELECT media_url, device_id, account_id, client FROM open311_requests "
                           "WHERE problem_id = $1",
                           {id}));
    EXPECT_TRUE(extra);
    if (extra) {
      EXPECT_EQ(extra->str(0), "https://app.example.com/photos/1.jpg");
      EXPECT_EQ(extra->str(1), "device-7");
      EXPECT_EQ(extra->str(2), "acct-42");
      EXPECT_EQ(extra->str(3).size(), 12u);  // the key's fingerprint, not the key
    }
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message;

  // The XML receipt: <service_requests><request> with the same fields.
  auto x = post("xml", request_fields("XML回执测试", {{"address_string", ""}}));
  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = xml_of(x);
  EXPECT_STREQ(doc->root().name(), "service_requests");
  auto items = doc->items("request");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(children_of(items[0]), kReceiptFields);
  EXPECT_GT(items[0].child("service_request_id").text().as_llong(), id);
  EXPECT_STREQ(items[0].child("account_id").text().get(), "");
}

TEST_F(Open311Test, ARequestShowsItsStatusAndClosesWhenTheOfficeDismissesIt) {
  int64_t id = create("露天焚烧垃圾，烟很大",
                      {{"service_code", "open_burning"}, {"media_url", "http://app.example.com/p/2.jpg"}});
  ASSERT_GT(id, 0);
  auto r = request_json(id);
  EXPECT_EQ(keys_of(r), kRequestFields) << json::serialize(r);
  EXPECT_EQ(r.at("service_request_id").as_int64(), id);
  EXPECT_EQ(r.at("status"), "open");
  EXPECT_EQ(r.at("status_notes"), "已登记");
  EXPECT_EQ(r.at("service_code"), "open_burning");
  EXPECT_EQ(r.at("service_name"), "露天焚烧");
  EXPECT_EQ(r.at("description"), "露天焚烧垃圾，烟很大");
  EXPECT_TRUE(r.at("agency_responsible").is_null());
  EXPECT_TRUE(r.at("expected_datetime").is_null());
  EXPECT_TRUE(r.at("address_id").is_null());
  EXPECT_TRUE(r.at("zipcode").is_null());
  EXPECT_EQ(r.at("address"), "禹王台区南郊乡某工地");
  EXPECT_DOUBLE_EQ(r.at("lat").to_number<double>(), 34.7702);
  EXPECT_DOUBLE_EQ(r.at("long").to_number<double>(), 114.3301);
  EXPECT_EQ(r.at("media_url"), "http://app.example.com/p/2.jpg");
  std::string requested(r.at("requested_datetime").as_string());
  EXPECT_TRUE(requested.starts_with("2017-11-15T09:")) << requested;
  EXPECT_TRUE(requested.ends_with("+08:00")) << requested;
  EXPECT_TRUE(std::string(r.at("updated_datetime").as_string()).ends_with("+08:00"));
  // Numbers as plain decimals, not 3.47702E1.
  auto raw = anon().get("/open311/v2/requests/" + std::to_string(id) + ".json");
  EXPECT_NE(raw.body.find("\"lat\":34.7702,"), std::string::npos) << raw.body;

  // The XML: the same fields, empty elements where JSON has null.
  auto x = anon().get("/open311/v2/requests/" + std::to_string(id) + ".xml");
  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = xml_of(x);
  EXPECT_STREQ(doc->root().name(), "service_requests");
  auto items = doc->items("request");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(children_of(items[0]), kRequestFields);
  EXPECT_STREQ(items[0].child("status").text().get(), "open");
  EXPECT_STREQ(items[0].child("status_notes").text().get(), "已登记");
  EXPECT_STREQ(items[0].child("lat").text().get(), "34.7702");
  EXPECT_STREQ(items[0].child("address_id").text().get(), "");
  EXPECT_STREQ(items[0].child("requested_datetime").text().get(), requested.c_str());

  EXPECT_TRUE(listed("?status=open").count(id));
  EXPECT_FALSE(listed("?status=closed").count(id));
  auto d = office_act(id, "dismiss", {{"note", "经核实为正常秸秆还田作业"}});
  ASSERT_EQ(d.status, 200) << d.body;
  r = request_json(id);
  EXPECT_EQ(r.at("status"), "closed");
  EXPECT_EQ(r.at("status_notes"), "不予受理");
  EXPECT_TRUE(listed("?status=closed").count(id));
  EXPECT_FALSE(listed("?status=open").count(id));
  EXPECT_TRUE(listed("?status=open,closed").count(id));
}

TEST_F(Open311Test, AnAssignedRequestNamesItsAgencyAndExpectedTime) {
  int64_t id = create("工地出入口车辆带泥上路");
  ASSERT_GT(id, 0);
  auto a = office_act(id, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-11-30"}});
  ASSERT_EQ(a.status, 200) << a.body;
  auto r = request_json(id);
  EXPECT_EQ(r.at("status"), "open");
  EXPECT_EQ(r.at("status_notes"), "已交办");
  EXPECT_EQ(r.at("agency_responsible"), "南郊乡");
  EXPECT_EQ(r.at("expected_datetime"), "2017-11-30T23:59:59+08:00");
}

TEST_F(Open311Test, TheStatusRuleFollowsTheWorkflowFlags) {
  // closed: final, or done and frozen; open otherwise (app/open311_service.h).
  auto wf = office->get("/api/v1/workflows/problem");
  ASSERT_EQ(wf.status, 200) << wf.body;
  std::set<std::string> closed;
  const json::object def = wf.obj();
  for (const auto& s : def.at("states").as_array()) {
    auto o = s.as_object();
    auto flag = [&](const char* k) { return o.contains(k) && o.at(k).is_bool() && o.at(k).as_bool(); };
    if (flag("final") || (flag("done") && flag("frozen")))
      closed.insert(std::string(o.at("name").as_string()));
  }
  EXPECT_EQ(closed, (std::set<std::string>{"closed", "lookback_due", "lookback_passed", "rebound", "referred",
                                           "merged", "dismissed"}));
}

TEST_F(Open311Test, OnlyPublicProblemsAreServed) {
  auto internal = office->post_json("/api/v1/problems", {{"source", "district"},
                                                         {"problem_type", "construction_dust"},
                                                         {"title", "督导组发现的内部问题"},
                                                         {"address", "禹王台区"}});
  ASSERT_EQ(internal.status, 201) << internal.body;
  int64_t id = internal.obj().at("id").as_int64();
  json_errors(anon().get("/open311/v2/requests/" + std::to_string(id) + ".json"), 404);
  xml_errors(anon().get("/open311/v2/requests/" + std::to_string(id) + ".xml"), 404);
  json_errors(anon().get("/open311/v2/requests/abc.json"), 404);
  EXPECT_FALSE(listed("").count(id));
  EXPECT_FALSE(listed("?service_request_id=" + std::to_string(id)).count(id));
  int64_t pub = create("公开诉求");
  EXPECT_EQ(listed("?service_request_id=" + std::to_string(id) + "," + std::to_string(pub)),
            std::set<int64_t>{pub});
}

TEST_F(Open311Test, TheListFiltersByServiceDateAndStatus) {
  int64_t dust = create("筛选-施工扬尘");
  int64_t coal = create("筛选-散煤", {{"service_code", "loose_coal"}});
  auto both = listed("?service_code=construction_dust,loose_coal");
  EXPECT_TRUE(both.count(dust) && both.count(coal));
  auto one = listed("?service_code=loose_coal");
  EXPECT_TRUE(one.count(coal) && !one.count(dust));
  // Requested today (2017-11-15, Beijing): within the day, not before or after.
  EXPECT_TRUE(listed("?start_date=2017-11-15T00:00:00%2B08:00").count(dust));
  EXPECT_TRUE(listed("?start_date=2017-11-15T00:00:00+08:00&end_date=2017-11-15").count(dust));
  EXPECT_TRUE(listed("?start_date=2017-11-16").empty());
  EXPECT_TRUE(listed("?end_date=2017-11-14T23:59:59Z").empty());
  // Bad filters: 400 error lists.
  json_errors(anon().get("/open311/v2/requests.json?status=pending"), 400);
  json_errors(anon().get("/open311/v2/requests.json?service_code=weather"), 400);
  xml_errors(anon().get("/open311/v2/requests.xml?start_date=yesterday"), 400);
  json_errors(anon().get("/open311/v2/requests.json?service_request_id=1,x"), 400);
  json_errors(anon().get("/open311/v2/requests.json?start_date=2017-11-16&end_date=2017-11-15"), 400);
  // The XML list: every request with every field.
  auto x = anon().get("/open311/v2/requests.xml?service_code=loose_coal");
  ASSERT_EQ(x.status, 200) << x.body;
  auto doc = xml_of(x);
  EXPECT_STREQ(doc->root().name(), "service_requests");
  ASSERT_FALSE(doc->items("request").empty());
  for (auto item : doc->items("request")) EXPECT_EQ(children_of(item), kRequestFields);
}

TEST_F(Open311Test, BadInputIsAnErrorListAndCreatesNothing) {
  const int64_t before = public_problems();
  auto without = [](const std::string& key) {
    auto v = request_fields("坏输入");
    std::erase_if(v, [&](const auto& kv) { return kv.first == key; });
    return v;
  };
  EXPECT_NE(json_errors(post("json", without("service_code")), 400).find("service_code: is required"),
            std::string::npos);
  EXPECT_NE(xml_errors(post("xml", without("service_code")), 400).find("service_code"), std::string::npos);
  EXPECT_NE(json_errors(post("json", request_fields("坏输入", {{"service_code", "weather"}})), 400)
                .find("service_code: must be one of"),
            std::string::npos);
  auto nowhere = without("address_string");
  std::erase_if(nowhere, [](const auto& kv) { return kv.first == "lat" || kv.first == "long"; });
  EXPECT_NE(json_errors(post("json", nowhere), 400).find("location"), std::string::npos);
  EXPECT_NE(xml_errors(post("xml", nowhere), 400).find("location"), std::string::npos);
  EXPECT_NE(json_errors(post("json", request_fields("坏输入", {{"lat", "北纬34度"}})), 400).find("lat:"),
            std::string::npos);
  EXPECT_NE(json_errors(post("json", request_fields("坏输入", {{"lat", "95"}})), 400).find("lat:"),
            std::string::npos);
  EXPECT_NE(json_errors(post("json", without("long")), 400).find("long: is required"), std::string::npos);
  EXPECT_NE(
      json_errors(post("json", request_fields("坏输入", {{"email", "not-an-email"}})), 400).find("email:"),
      std::string::npos);
  EXPECT_NE(json_errors(post("json", request_fields("坏输入", {{"media_url", "javascript:alert(1)"}})), 400)
                .find("media_url:"),
            std::string::npos);
  // Two mistakes, two entries.
  auto two = json_errors(post("json", request_fields("坏输入", {{"service_code", ""}, {"lat", "x"}})), 400);
  EXPECT_NE(two.find("service_code"), std::string::npos);
  EXPECT_NE(two.find("lat"), std::string::npos);
  // Broken percent-encoding, and a JSON body (GeoReport posts forms).
  json_errors(anon().post("/open311/v2/requests.json", "api_key=%zz",
                          {{"Content-Type", "application/x-www-form-urlencoded"}}),
              400);
  json_errors(
      anon().post("/open311/v2/requests.json", "{\"api_key\":\"x\"}", {{"Content-Type", "application/json"}}),
      415);
  json_errors(anon().request("DELETE", "/open311/v2/requests.json"), 405);
  EXPECT_EQ(public_problems(), before);
}

TEST_F(Open311Test, AnUnknownOrMissingKeyIsForbidden) {
  const int64_t before = public_problems();
  EXPECT_NE(
      json_errors(post("json", request_fields("错误密钥", {{"api_key", "guess-guess-guess-guess"}})), 403)
          .find("api_key"),
      std::string::npos);
  xml_errors(post("xml", request_fields("错误密钥", {{"api_key", "guess-guess-guess-guess"}})), 403);
  auto v = request_fields("没有密钥");
  std::erase_if(v, [](const auto& kv) { return kv.first == "api_key"; });
  json_errors(post("json", v), 403);
  // The key is checked before anything else.
  json_errors(post("json", {{"api_key", "nope"}}), 403);
  EXPECT_EQ(public_problems(), before);
  // Either configured key works.
  EXPECT_GT(create("第二个密钥", {{"api_key", kOtherKey}}), 0);
}

TEST_F(Open311Test, XmlAndJsonCarryMarkupAsText) {
  const std::string nasty = "<script>alert('x')</script> & \"引号\" </description><b>粗</b> &amp;";
  int64_t id = create(nasty, {{"address_string", "A&B <路>"}});
  ASSERT_GT(id, 0);
  auto x = anon().get("/open311/v2/requests/" + std::to_string(id) + ".xml");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.body.find("<script>"), std::string::npos) << x.body;
  EXPECT_NE(x.body.find("&lt;script&gt;"), std::string::npos) << x.body;
  auto doc = xml_of(x);
  auto item = doc->items("request").at(0);
  EXPECT_EQ(std::string(item.child("description").text().get()), nasty);
  EXPECT_EQ(std::string(item.child("address").text().get()), "A&B <路>");
  EXPECT_EQ(children_of(item), kRequestFields);
  EXPECT_EQ(request_json(id).at("description").as_string(), nasty);
}

// The per-key limit on a server of its own (three a minute): refused
// requests count too; the other key keeps its own count; 429 is an error
// list with Retry-After.
TEST(Open311RateLimit, AKeyIsRefusedPastItsLimitInTheMinute) {
  ServerProcess server(
      false, {"--config", config_file(std::string("[open311]\nkeys = [\"") + kKey + "\", \"" + kOtherKey +
                                      "\"]\nrequests_per_minute = 3\n")});
  HttpClient c(server.port());
  auto post = [&](const std::string& ext, const std::string& key) {
    return c.post("/open311/v2/requests." + ext, form({{"api_key", key}, {"description", "限流"}}),
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  };
  for (int i = 0; i < 3; ++i) json_errors(post("json", kKey), 400);  // no service_code: refused, counted
  auto r = post("json", kKey);
  EXPECT_NE(json_errors(r, 429).find("at most 3"), std::string::npos);
  int retry = std::atoi(r.header("retry-after").c_str());
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  xml_errors(post("xml", kKey), 429);
  json_errors(post("json", kOtherKey), 400);
  // Reads need no key and are not limited.
  EXPECT_EQ(c.get("/open311/v2/services.json").status, 200);
}

// Without keys, nobody may post.
TEST(Open311RateLimit, WithoutKeysPostingIsDisabled) {
  ServerProcess server(false);
  HttpClient c(server.port());
  auto r = c.post("/open311/v2/requests.json", form({{"api_key", kKey}, {"service_code", "other"}}),
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_NE(json_errors(r, 403).find("no api_key is configured"), std::string::npos);
  EXPECT_EQ(c.get("/open311/v2/requests.json").status, 200);
}

}  // namespace
}  // namespace lantian::test
