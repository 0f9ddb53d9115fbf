#include <catch2/catch.hpp>

#include "client/error.hpp"
#include "client/problem.hpp"
#include "client/redaction.hpp"

using namespace ca::api;

TEST_CASE("a problem body fills every ApiError field, the header's request ID winning", "[client][errors]") {
  const std::string body = R"({"type":"urn:creatoraudit:error:validation-error","title":"Unprocessable Entity",
    "status":422,"detail":"Validation failed.","code":"VALIDATION_ERROR","instance":"/v2/accounts",
    "request_id":"body-rid","errors":[{"field":"platform","message":"must be one of: instagram, tiktok"},null],
    "future_field":{"x":1}})";
  ApiError e = problem_from_response(422, body, "hdr-rid");
  CHECK(e.kind == ErrorKind::Http);
  CHECK(e.status == 422);
  CHECK(e.code == "VALIDATION_ERROR");
  CHECK(e.title == "Unprocessable Entity");
  CHECK(e.detail == "Validation failed.");
  CHECK(e.instance == "/v2/accounts");
  CHECK(e.request_id == "hdr-rid");
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0].field == "platform");
  CHECK(e.message() ==
        "CreatorAudit 422 VALIDATION_ERROR: Validation failed. Invalid fields: platform: must be one of: instagram, "
        "tiktok. (request_id=hdr-rid)");
}

TEST_CASE("nulls and a non-JSON body are tolerated", "[client][errors]") {
  ApiError e = problem_from_response(404, R"({"code":null,"detail":null,"request_id":"r1","errors":null})", "");
  CHECK(e.request_id == "r1");
  CHECK(e.code.empty());
  ApiError html = problem_from_response(502, "<html>Bad gateway</html>", "r2");
  CHECK(html.status == 502);
  CHECK(html.message() == "CreatorAudit 502: HTTP 502. (request_id=r2)");
}

TEST_CASE("messages follow the documented format", "[client][errors]") {
  // Built through problem_from_response: GCC 12 at -O2 misreports plain assignments of short literals here.
  const ApiError nf = problem_from_response(404, R"({"code":"NOT_FOUND","detail":"Account not found."})", "8f1c");
  CHECK(nf.message() == "CreatorAudit 404 NOT_FOUND: Account not found. (request_id=8f1c)");
  ApiError rl = problem_from_response(429, R"({"code":"RATE_LIMITED","detail":"Rate limit exceeded."})", "r");
  rl.retry_after_seconds = 30;
  CHECK(rl.message() == "CreatorAudit 429 RATE_LIMITED: Rate limit exceeded. Retry after 30 s. (request_id=r)");
  ApiError to = problem_from_response(0, "", "x");
  to.kind = ErrorKind::Timeout;
  to.title.clear();
  to.attempts = 3;
  CHECK(to.message() == "CreatorAudit request timed out after 3 attempts. (request_id=x)");
}

TEST_CASE("redact removes the key and any bearer token", "[client][errors]") {
  CHECK(redact("key sk_live_123 leaked", "sk_live_123") == "key [REDACTED] leaked");
  CHECK(redact("Authorization: Bearer abc.def", "") == "Authorization: Bearer [REDACTED]");
  CHECK(redact("nothing here", "k-secret") == "nothing here");
}
