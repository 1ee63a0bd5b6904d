// Pure domain rules: text, passwords, roles, org kinds, time, audit chain.
#include <gtest/gtest.h>

#include <functional>

#include "core/audit_chain.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/org.h"
#include "core/password_policy.h"
#include "core/roles.h"
#include "core/text.h"

namespace lantian {
namespace {

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(valid_utf8("禹王台区 ok"));
  EXPECT_FALSE(valid_utf8("\xff\xfe"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(valid_utf8("\xe7\xa6"));      // truncated
  EXPECT_EQ(utf8_length("南郊乡"), 3u);
}

TEST(Text, InvalidUtf8IsReplacedByteByByte) {
  EXPECT_EQ(replace_invalid_utf8("禹王台区 ok"), "禹王台区 ok");
  EXPECT_EQ(replace_invalid_utf8("/api/v1\xad/tasks"), "/api/v1\uFFFD/tasks");
  EXPECT_EQ(replace_invalid_utf8("\xc0\xaf"), "\uFFFD\uFFFD");              // overlong '/'
  EXPECT_EQ(replace_invalid_utf8("a\xe7\xa6"), "a\uFFFD\uFFFD");            // truncated 禹
  EXPECT_EQ(replace_invalid_utf8("\xed\xa0\x80x"), "\uFFFD\uFFFD\uFFFDx");  // a surrogate
  EXPECT_TRUE(valid_utf8(replace_invalid_utf8("\xff\xfe\xf4\x90\x80\x80")));
}

TEST(Text, CheckTextRejectsControlCharactersAndCountsCharacters) {
  EXPECT_FALSE(check_text("南郊乡", 3, true));
  EXPECT_TRUE(check_text("南郊乡x", 3, true));
  EXPECT_TRUE(check_text("a\x01b", 10, true));
  EXPECT_TRUE(check_text("a\nb", 10, true));
  EXPECT_FALSE(check_text("a\nb", 10, true, true));
  EXPECT_TRUE(check_text("   ", 10, true));
  EXPECT_TRUE(check_text("\xe3\x80\x80", 10, true));  // ideographic space only
  EXPECT_EQ(trim("\xe3\x80\x80 范村 "), "范村");
  EXPECT_TRUE(
      check_text("a\xc2\x85"
                 "b",
                 10, true));                         // U+0085 NEL, a C1 control
  EXPECT_TRUE(check_text("\xc2\x9b[2J", 10, true));  // U+009B CSI
  EXPECT_FALSE(check_text("\xc2\xa0x", 10, true));   // U+00A0 is not a control
}

TEST(Text, UsernamesAndPhones) {
  EXPECT_TRUE(valid_username("leader.nanjiao"));
  EXPECT_FALSE(valid_username("Admin"));
  EXPECT_FALSE(valid_username("1abc"));
  EXPECT_FALSE(valid_username("ab"));
  EXPECT_FALSE(valid_username("a'; drop"));
  EXPECT_TRUE(valid_phone("13812345678"));
  EXPECT_TRUE(valid_phone("0371-23456789"));
  EXPECT_TRUE(valid_phone("0378-2345678-12"));
  EXPECT_FALSE(valid_phone("1381234567"));
  EXPECT_FALSE(valid_phone("23812345678"));
  EXPECT_FALSE(valid_phone("0371-12"));
}

TEST(PasswordPolicy, LengthAndThreeClasses) {
  EXPECT_TRUE(check_password_policy("Ab1!xyz"));      // 7 chars
  EXPECT_TRUE(check_password_policy("abcdefgh12"));   // two classes
  EXPECT_FALSE(check_password_policy("abcdefgH12"));  // lower, upper, digit
  EXPECT_FALSE(check_password_policy("abcdefg!12"));  // lower, symbol, digit
  EXPECT_TRUE(check_password_policy("Admin!2026", "Admin!2026"));
  EXPECT_TRUE(check_password_policy(std::string(200, 'a') + "A1"));
  EXPECT_TRUE(
      check_password_policy(std::string("Next!pass\0"
                                        "2027",
                                        14)));
  EXPECT_TRUE(
      check_password_policy("Next!pass\x7f"
                            "2027"));
}

TEST(Crypto, PasswordHashRoundTripAndGeneratedPasswordsPassPolicy) {
  ASSERT_TRUE(crypto_init());
  auto h = hash_password("Secret!2026", true);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*h, "Secret!2026"));
  EXPECT_FALSE(verify_password(*h, "Secret!2027"));
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(check_password_policy(random_password()));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(random_hex(16), random_hex(16));
}

TEST(Roles, GrantIsUnionWithWidestScope) {
  std::vector<std::string> staff{"unit_staff"};
  auto g = grant_for(staff);
  EXPECT_EQ(g.scope, Scope::subtree);
  EXPECT_TRUE(g.has("users.read"));
  EXPECT_FALSE(g.has("users.write"));
  std::vector<std::string> both{"unit_staff", "inspector"};
  EXPECT_EQ(grant_for(both).scope, Scope::all);
  std::vector<std::string> viewer{"viewer"};
  for (auto p : grant_for(viewer).permissions) EXPECT_EQ(p.find(".write"), std::string::npos) << p;
  EXPECT_EQ(split_roles("unit_leader,inspector"), (std::vector<std::string>{"unit_leader", "inspector"}));
  EXPECT_EQ(join_roles(both), "unit_staff,inspector");
}

TEST(Roles, NobodyAssignsMoreThanTheyHave) {
  std::vector<std::string> leader{"unit_leader"};
  auto g = grant_for(leader);
  EXPECT_TRUE(can_assign_role(g, "unit_staff"));
  EXPECT_TRUE(can_assign_role(g, "unit_leader"));
  EXPECT_FALSE(can_assign_role(g, "admin"));
  EXPECT_FALSE(can_assign_role(g, "viewer"));  // district-wide scope
  EXPECT_FALSE(can_assign_role(g, "no_such_role"));
  std::vector<std::string> admin{"admin"};
  for (const auto& r : all_roles()) EXPECT_TRUE(can_assign_role(grant_for(admin), r.name));
}

TEST(Org, KindHierarchyIsData) {
  EXPECT_TRUE(kind_allows_parent("township", "district_government"));
  EXPECT_TRUE(kind_allows_parent("village", "township"));
  EXPECT_TRUE(kind_allows_parent("grid", "village"));
  EXPECT_FALSE(kind_allows_parent("township", "village"));
  EXPECT_FALSE(kind_allows_parent("district_government", "township"));
  EXPECT_TRUE(find_unit_kind("district_government")->root_allowed);
  EXPECT_FALSE(find_unit_kind("village")->root_allowed);
  EXPECT_TRUE(valid_division_code("410205"));
  EXPECT_TRUE(valid_division_code("410205001"));
  EXPECT_FALSE(valid_division_code("41020"));
  EXPECT_FALSE(valid_division_code("41020a"));
}

TEST(Clock, FormatsAndParsesRfc3339) {
  auto t = parse_time("2017-10-01T00:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_utc(*t), "2017-10-01T00:00:00.000Z");
  EXPECT_EQ(format_shanghai(*t), "2017-10-01 08:00:00");
  auto offset = parse_time("2017-10-01T08:00:00.250+08:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(format_utc(*offset), "2017-10-01T00:00:00.250Z");
  EXPECT_EQ(format_utc(*parse_time("2018-03-31")), "2018-03-31T00:00:00.000Z");
  EXPECT_FALSE(parse_time("2018-02-30"));
  EXPECT_FALSE(parse_time("2018-03-31T25:00:00Z"));
  EXPECT_FALSE(parse_time("2018-03-31T10:00:00"));  // no zone
  EXPECT_FALSE(parse_time("yesterday"));
  ManualClock c(*t);
  c.advance(std::chrono::minutes(90));
  EXPECT_EQ(format_utc(c.now()), "2017-10-01T01:30:00.000Z");
}

TEST(AuditChain, HashCoversEveryFieldAndThePreviousHash) {
  ASSERT_TRUE(crypto_init());
  AuditEntry e;
  e.id = 1;
  e.at = "2026-11-30T07:00:00.000Z";
  e.actor_name = "admin";
  e.action = "create";
  e.entity = "unit";
  e.entity_id = "7";
  e.after_json = R"({"name":"范村"})";
  e.prev_hash = kGenesisHash;
  std::string h = audit_entry_hash(e);
  EXPECT_EQ(h.size(), 64u);
  for (auto mutate : std::vector<std::function<void(AuditEntry&)>>{
           [](AuditEntry& x) { x.after_json = R"({"name":"范庄"})"; },
           [](AuditEntry& x) { x.prev_hash[0] = '1'; }, [](AuditEntry& x) { x.actor_name = "root"; },
           [](AuditEntry& x) { x.id = 2; },
           // Length prefixes stop fields from bleeding into each other.
           [](AuditEntry& x) { x.entity = "unit7", x.entity_id = ""; }}) {
    AuditEntry m = e;
    mutate(m);
    EXPECT_NE(audit_entry_hash(m), h);
  }
}

}  // namespace
}  // namespace lantian
