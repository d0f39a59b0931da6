// See mcp_discovery.h for what this guards against.
#include "llm/mcp_discovery.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace llmbox {
namespace {

using Listing = Result<std::vector<ToolDef>>;

// The servers' answers, filled in by workers in any order and read by the
// caller in file order.
class ListingBoard {
 public:
  explicit ListingBoard(std::size_t size) : results_(size) {}

  // The next server a worker should list, or none when all are taken or the
  // caller has what it needs.
  std::optional<std::size_t> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancel_.load() || next_ >= results_.size()) return std::nullopt;
    return next_++;
  }

  void Put(std::size_t index, Listing listing) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      results_[index] = std::move(listing);
    }
    ready_.notify_all();
  }

  // Blocks until server `index` has an answer (it was taken by a worker).
  Listing Wait(std::size_t index) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return results_[index].has_value(); });
    return std::move(*results_[index]);
  }

  void Cancel() { cancel_.store(true); }
  const std::atomic<bool>& cancelled() const { return cancel_; }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::vector<std::optional<Listing>> results_;
  std::size_t next_ = 0;
  std::atomic<bool> cancel_{false};
};

Listing ListOne(const McpLister& list, const McpServerDecl& server,
                const std::atomic<bool>& cancel) {
  try {
    return list(server, cancel);
  } catch (const std::exception& e) {  // allocation failure: this server is unavailable
    return MakeError(ErrorKind::kInternal,
                     server.source_file + ": MCP server \"" + server.name + "\": " + e.what());
  }
}

// Why `tools` cannot join `registry`: a name another tool already has.
std::string NameClash(const McpServerDecl& server, const std::vector<ToolDef>& tools,
                      const ToolRegistry& registry) {
  for (std::size_t i = 0; i < tools.size(); ++i) {
    bool taken = registry.Find(tools[i].name) != nullptr;
    for (std::size_t j = 0; j < i && !taken; ++j) taken = tools[j].name == tools[i].name;
    if (taken) {
      return server.source_file + ": MCP server \"" + server.name + "\" lists tool \"" +
             tools[i].name + "\", a name another tool already has; rename one of them";
    }
  }
  return "";
}

// One server's answer into the registry: all its tools, or one problem.
void Merge(const McpServerDecl& server, Listing listing, const McpToolMaker& make,
           ToolRegistry& registry) {
  if (!listing.ok()) {
    registry.AddUnavailable(listing.error().message);
    return;
  }
  if (std::string clash = NameClash(server, *listing, registry); !clash.empty()) {
    registry.AddUnavailable(std::move(clash));
    return;
  }
  for (ToolDef& def : *listing) registry.Add(make(server, std::move(def)));
}

std::vector<std::thread> StartWorkers(const std::vector<McpServerDecl>& servers,
                                      const McpDiscovery& discovery, ListingBoard& board) {
  std::vector<std::thread> workers;
  const std::size_t count =
      std::min(servers.size(), static_cast<std::size_t>(std::max(discovery.parallel, 1)));
  for (std::size_t i = 0; i < count; ++i) {
    try {
      workers.emplace_back([&servers, &discovery, &board] {
        while (auto index = board.Take()) {
          board.Put(*index, ListOne(discovery.list, servers[*index], board.cancelled()));
        }
      });
    } catch (const std::exception&) {  // no more threads: the ones started do the work
      break;
    }
  }
  return workers;
}

}  // namespace

bool HasAllTools(const ToolRegistry& registry, const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(),
                     [&](const std::string& name) { return registry.Find(name) != nullptr; });
}

void AddMcpServerTools(const std::vector<McpServerDecl>& servers, const McpDiscovery& discovery,
                       const std::optional<std::vector<std::string>>& wanted,
                       ToolRegistry& registry) {
  if (servers.empty() || (wanted && HasAllTools(registry, *wanted))) return;
  ListingBoard board(servers.size());
  std::vector<std::thread> workers = StartWorkers(servers, discovery, board);
  for (std::size_t i = 0; i < servers.size(); ++i) {
    Listing listing =
        workers.empty() ? ListOne(discovery.list, servers[i], board.cancelled()) : board.Wait(i);
    Merge(servers[i], std::move(listing), discovery.make, registry);
    if (wanted && HasAllTools(registry, *wanted)) break;
  }
  board.Cancel();
  for (std::thread& worker : workers) worker.join();
}

}  // namespace llmbox
