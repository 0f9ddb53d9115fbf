// The doctor's line format and exit status (server/doctor_report.*): the process tests in
// tests/transcripts/doctor_tests.cpp parse these lines, and users and scripts read them.
#include <catch2/catch.hpp>

#include "server/doctor_report.hpp"

using namespace ca::server;

TEST_CASE("a doctor line is the verdict, the check and what was found; a fix line follows warn and FAIL only",
          "[doctor]") {
  CHECK(format_doctor_line({Verdict::Ok, "dns", "h -> 1.2.3.4", "unused"}) == "ok    dns: h -> 1.2.3.4\n");
  CHECK(format_doctor_line({Verdict::Warn, "clock", "off", "sync it"}) == "warn  clock: off\n      fix: sync it\n");
  CHECK(format_doctor_line({Verdict::Fail, "tcp", "refused", "start it"}) == "FAIL  tcp: refused\n      fix: start it\n");
  CHECK(format_doctor_line({Verdict::Skip, "tls", "not checked", "unused"}) == "skip  tls: not checked\n");
}

TEST_CASE("doctor exits 0 with warnings and 1 with a failure or a skipped check", "[doctor]") {
  CHECK(doctor_exit_status({}) == 0);
  CHECK(doctor_exit_status({{Verdict::Ok, "a", "", ""}, {Verdict::Warn, "b", "", ""}}) == 0);
  CHECK(doctor_exit_status({{Verdict::Ok, "a", "", ""}, {Verdict::Fail, "b", "", ""}}) == 1);
  CHECK(doctor_exit_status({{Verdict::Skip, "a", "", ""}}) == 1);
}
