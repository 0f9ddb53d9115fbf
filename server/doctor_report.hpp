#pragma once
// The lines `creatoraudit-mcp doctor` prints: one per check, "<verdict>  <check>: <what was found>", and for a warn
// or FAIL a "  fix: ..." continuation. Only FAIL (and the skips that follow one) make the exit status non-zero.
#include <string>
#include <vector>

namespace ca::server {

enum class Verdict { Ok, Warn, Fail, Skip };

struct DoctorLine {
  Verdict verdict = Verdict::Ok;
  std::string check;  // "dns", "whoami", ...
  std::string found;  // what was found, never the key
  std::string fix;    // for Warn and Fail: what to change
};

const char* to_string(Verdict verdict);  // "ok", "warn", "FAIL", "skip"

// The line (and its fix line) as printed, ending in '\n'.
std::string format_doctor_line(const DoctorLine& line);

// 0 when no check failed (warnings allowed), 1 otherwise.
int doctor_exit_status(const std::vector<DoctorLine>& lines);

}  // namespace ca::server
