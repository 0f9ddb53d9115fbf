#include "server/doctor_report.hpp"

namespace ca::server {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Ok: return "ok";
    case Verdict::Warn: return "warn";
    case Verdict::Fail: return "FAIL";
    case Verdict::Skip: return "skip";
  }
  return "FAIL";
}

std::string format_doctor_line(const DoctorLine& line) {
  std::string verdict = to_string(line.verdict);
  verdict.resize(6, ' ');  // the check names line up under each other
  std::string text = verdict + line.check + ": " + line.found + "\n";
  if ((line.verdict == Verdict::Warn || line.verdict == Verdict::Fail) && !line.fix.empty())
    text += "      fix: " + line.fix + "\n";
  return text;
}

int doctor_exit_status(const std::vector<DoctorLine>& lines) {
  for (const auto& line : lines)
    if (line.verdict == Verdict::Fail || line.verdict == Verdict::Skip) return 1;
  return 0;
}

}  // namespace ca::server
