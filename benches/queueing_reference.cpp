// queueing_reference -- closed-form queueing results as one JSON line, the
// reference column of docs/validation.md (benches/validation/make_validation.py).
//
//   queueing_reference mmc LAMBDA MU C
//     {"model":"M/M/c","lambda":..,"mu":..,"c":..,"rho":..,"erlang_c":..,"wq":..}
//   queueing_reference mg1 LAMBDA MEAN_S VAR_S
//     {"model":"M/G/1","lambda":..,"mean_s":..,"var_s":..,"rho":..,"wq":..}
//
// Rates and times in any consistent unit (the validation uses hours). Exit
// status 2 with one line `error[CODE] message` on stderr for bad arguments
// (bench.args) or an unstable queue (queueing.unstable).
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "jobs/queueing.hpp"

namespace {

constexpr const char* kUsage =
    "usage: queueing_reference mmc LAMBDA MU C\n"
    "       queueing_reference mg1 LAMBDA MEAN_S VAR_S\n";

[[noreturn]] void bad_args(const std::string& message) { throw gwsim::Error("bench.args", message); }

double parse_number(std::string_view name, std::string_view text) {
  double x = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, x);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(x))
    bad_args(fmt::format("{} must be a finite number, got '{}'", name, text));
  return x;
}

int parse_servers(std::string_view text) {
  long long n = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc() || ptr != end || n < 1 || n > INT_MAX)
    bad_args(fmt::format("C must be an integer in [1, {}], got '{}'", INT_MAX, text));
  return static_cast<int>(n);
}

nlohmann::ordered_json mmc(std::string_view l, std::string_view m, std::string_view c_text) {
  const double lambda = parse_number("LAMBDA", l);
  const double mu = parse_number("MU", m);
  const int c = parse_servers(c_text);
  const double p_wait = gwsim::queueing::erlang_c(lambda, mu, c);
  const double wq = gwsim::queueing::mmc_mean_wait(lambda, mu, c);
  nlohmann::ordered_json j;
  j["model"] = "M/M/c";
  j["lambda"] = lambda;
  j["mu"] = mu;
  j["c"] = c;
  j["rho"] = lambda / (static_cast<double>(c) * mu);
  j["erlang_c"] = p_wait;
  j["wq"] = wq;
  return j;
}

nlohmann::ordered_json mg1(std::string_view l, std::string_view m, std::string_view v) {
  const double lambda = parse_number("LAMBDA", l);
  const double mean_s = parse_number("MEAN_S", m);
  const double var_s = parse_number("VAR_S", v);
  const double wq = gwsim::queueing::mg1_mean_wait(lambda, mean_s, var_s);
  nlohmann::ordered_json j;
  j["model"] = "M/G/1";
  j["lambda"] = lambda;
  j["mean_s"] = mean_s;
  j["var_s"] = var_s;
  j["rho"] = lambda * mean_s;
  j["wq"] = wq;
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view cmd = argc > 1 ? argv[1] : "";
  if (cmd == "--help" || cmd == "-h") {
    fmt::print("{}", kUsage);
    return 0;
  }
  try {
    nlohmann::ordered_json out;
    if (cmd == "mmc" && argc == 5) out = mmc(argv[2], argv[3], argv[4]);
    else if (cmd == "mg1" && argc == 5) out = mg1(argv[2], argv[3], argv[4]);
    else if (cmd == "mmc" || cmd == "mg1") bad_args(fmt::format("{} takes 3 arguments, got {}", cmd, argc - 2));
    else if (cmd.empty()) bad_args("missing model (mmc or mg1); see --help");
    else bad_args(fmt::format("unknown model '{}' (expected mmc or mg1)", cmd));
    fmt::print("{}\n", out.dump());
    return 0;
  } catch (const gwsim::Error& e) {
    fmt::print(stderr, "error[{}] {}\n", e.code(), e.what());
    return 2;
  }
}
