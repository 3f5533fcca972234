#include "run/distributed.hpp"

#include "core/random.hpp"

namespace gwsim {

std::uint64_t replication_seed(std::uint64_t seed, int r) {
  return RandomStreams(seed).stream_seed("replication", static_cast<std::uint64_t>(r));
}

ReplicationStore::Saved run_replication(const Scenario& s, std::uint64_t seed, int r) {
  ReplicationStore::Saved out;
  out.run.seed = replication_seed(seed, r);
  RunOutput run = run_scenario(s, out.run.seed);
  out.run.summary = std::move(run.summary);
  for (const std::string& c : banded_columns()) out.run.columns.push_back(run.timeseries.column(c));
  if (run.jobs_summary) out.run.jobs = replication_jobs(*run.jobs_summary);
  out.times = run.timeseries.times();
  return out;
}

std::optional<ReplicationStore::Saved> MemoryStore::load(int r) {
  {
    std::lock_guard lock(m_);
    if (auto it = saved_.find(r); it != saved_.end()) return it->second;
  }
  if (backing_ == nullptr) return std::nullopt;
  std::optional<Saved> saved = backing_->load(r);
  if (saved) {
    std::lock_guard lock(m_);
    saved_.emplace(r, *saved);  // read once from the backing store
  }
  return saved;
}

void MemoryStore::save(int r, const Replication& run, const std::vector<Tick>& times) {
  if (backing_ != nullptr) backing_->save(r, run, times);
  std::lock_guard lock(m_);
  saved_.insert_or_assign(r, Saved{run, times});
}

std::vector<int> missing_replications(ReplicationStore& store, std::uint64_t seed, int n) {
  std::vector<int> missing;
  for (int r = 0; r < n; ++r) {
    const std::optional<ReplicationStore::Saved> saved = store.load(r);
    if (!saved || saved->run.seed != replication_seed(seed, r)) missing.push_back(r);
  }
  return missing;
}

}  // namespace gwsim
