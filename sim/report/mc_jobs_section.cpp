// gwsim/sim/report/mc_jobs_section.cpp -- the report's "Jobs over the replications"
// section: each training run's finish-date and ETTR bands, and the queue figures
// across Monte Carlo replications (summary.json "monte_carlo"/"training_runs" and
// "queue"; docs/report.md).
#include <string>

#include <fmt/format.h>

#include "report/page.hpp"

namespace gwsim::report::detail {

namespace {

using nlohmann::json;

// A date quantile: its day, or "not finished" (not completed by the horizon in that share).
std::string end_cell(const json& v) { return v.is_null() ? std::string("not finished") : iso_day(v); }
std::string ettr_cell(const json& v) {
  return v.is_null() ? std::string("-") : format_value(v.get<double>(), Unit::percent);
}

std::string training_table(const json& runs) {
  std::string out =
      "<table id=\"mc-training\"><tr><th>Training run</th><th>Finished in</th><th>End P10</th><th>End P50</th>"
      "<th>End P90</th><th>ETTR P10</th><th>ETTR P50</th><th>ETTR P90</th><th>Not finished: running / waiting / never "
      "started</th></tr>";
  for (const json& t : runs) {
    const json& e = t["end"];
    const json& q = t["effective_training_time"];
    const double n = t["replications"].get<double>();
    out += fmt::format(
        "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{} / {} / {}</td></tr>",
        escape(raw(t["name"])), raw(t["completed"]),
        format_value(n > 0 ? t["completed"].get<double>() / n : 0.0, Unit::percent), end_cell(e["p10"]),
        end_cell(e["p50"]), end_cell(e["p90"]), ettr_cell(q["p10"]), ettr_cell(q["p50"]), ettr_cell(q["p90"]),
        raw(t["running"]), raw(t["waiting"]), raw(t["never_started"]));
  }
  return out + "</table>";
}

std::string queue_table(const json& queue) {
  static const std::pair<const char*, const char*> rows[] = {
      {"wait_p50_hours", "Queue wait P50 (hours)"},
      {"wait_p90_hours", "Queue wait P90 (hours)"},
      {"wait_p99_hours", "Queue wait P99 (hours)"},
      {"utilization", "Utilization"},  // check_columns: not the column (a summary figure)
      {"goodput", "Goodput"}};
  std::string out = "<table id=\"mc-queue\"><tr><th>Each replication's</th><th>P10</th><th>P50</th><th>P90</th></tr>";
  for (const auto& [key, name] : rows) {
    if (!queue.contains(key)) continue;
    const json& q = queue[key];
    const bool hours = std::string_view(key).ends_with("_hours");
    auto cell = [&](const char* b) {
      const double v = q[b].get<double>();
      return hours ? fmt::format("{:.2f}", v) : format_value(v, Unit::percent);
    };
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", name, cell("p10"), cell("p50"),
                       cell("p90"));
  }
  return out + "</table>";
}

}  // namespace

std::string monte_carlo_jobs_section(const RunData& r) {
  const json* runs = at(r.summary, "/monte_carlo/training_runs");
  const json* queue = at(r.summary, "/monte_carlo/queue");
  if (runs == nullptr && queue == nullptr) return {};
  const json* reps = at(r.summary, "/monte_carlo/replications");
  std::string out = fmt::format(
      "<h2 id=\"mc-jobs\">Jobs over {} replications</h2><p class=\"note\">Each training run's end and effective "
      "training time (ETTR), P10/P50/P90 over the replications; \"not finished\": the run had not completed by "
      "the horizon in that share of the replications. ETTR counts the replications in which the run started. "
      "Queue figures: P10/P50/P90 over the replications of each replication's figure.</p>",
      reps ? raw(*reps) : "the");
  if (runs != nullptr && runs->is_array() && !runs->empty()) out += training_table(*runs);
  if (queue != nullptr && queue->is_object() && !queue->empty()) out += queue_table(*queue);
  return out + "\n";
}

}  // namespace gwsim::report::detail
