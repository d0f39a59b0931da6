// AddMcpServerTools with in-memory listers (no processes): which servers are
// asked, that answers are merged in file order whatever order they arrive in,
// and that servers no longer needed are cancelled.
#include "llm/mcp_discovery.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace llmbox {
namespace {

McpServerDecl Server(const std::string& name) {
  return McpServerDecl{name, {"/bin/true"}, name + ".yaml"};
}

ToolDef Def(const std::string& name) {
  return ToolDef{name, "d", {{"type", "object"}, {"properties", nlohmann::json::object()}}};
}

// What each server lists (by name); a server missing from `tools` fails.
// Records which servers were asked; `before` runs first (to order answers).
class FakeServers {
 public:
  std::map<std::string, std::vector<std::string>> tools;
  std::function<void(const std::string&, const std::atomic<bool>&)> before;

  McpDiscovery Discovery(int parallel = kMaxParallelMcpListings) {
    McpDiscovery d;
    d.parallel = parallel;
    d.list = [this](const McpServerDecl& server,
                    const std::atomic<bool>& cancel) -> Result<std::vector<ToolDef>> {
      {
        std::lock_guard<std::mutex> lock(mu_);
        asked_.insert(server.name);
      }
      if (before) before(server.name, cancel);
      auto it = tools.find(server.name);
      if (it == tools.end()) return MakeError(ErrorKind::kConfig, server.name + " is broken");
      std::vector<ToolDef> defs;
      for (const std::string& t : it->second) defs.push_back(Def(t));
      return defs;
    };
    d.make = [](const McpServerDecl& server, ToolDef def) {
      RegisteredTool r;
      r.def = std::move(def);
      r.plugin = "mcp." + server.name;
      return r;
    };
    return d;
  }

  std::set<std::string> asked() {
    std::lock_guard<std::mutex> lock(mu_);
    return asked_;
  }

 private:
  std::mutex mu_;
  std::set<std::string> asked_;
};

void WaitFor(const std::atomic<bool>& flag) {
  while (!flag.load()) std::this_thread::yield();
}

std::string PluginOf(const ToolRegistry& registry, const std::string& name) {
  const RegisteredTool* t = registry.Find(name);
  return t == nullptr ? "(none)" : t->plugin;
}

TEST(McpDiscovery, NamesTheBuiltinsHaveAskNoServer) {
  FakeServers fake;
  fake.tools = {{"a", {"x"}}};
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a")}, fake.Discovery(), std::vector<std::string>{"llm_version"},
                    registry);
  EXPECT_TRUE(fake.asked().empty());
  EXPECT_EQ(registry.Find("x"), nullptr);
}

TEST(McpDiscovery, WithoutWantedNamesEveryServerIsListed) {
  FakeServers fake;
  fake.tools = {{"a", {"x"}}, {"c", {"y", "z"}}};
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a"), Server("b"), Server("c")}, fake.Discovery(), std::nullopt,
                    registry);
  EXPECT_EQ(fake.asked(), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(registry.Names(), (std::vector<std::string>{"llm_time", "llm_version", "x", "y", "z"}));
  EXPECT_EQ(registry.Unavailable(), (std::vector<std::string>{"b is broken"}));
}

TEST(McpDiscovery, AServerAfterTheOneWithEveryNameIsCancelled) {
  FakeServers fake;
  fake.tools = {{"a", {"x"}}, {"hangs", {"y"}}};
  // "hangs" answers only once it is cancelled, as a hanging server's session ends.
  fake.before = [](const std::string& name, const std::atomic<bool>& cancel) {
    if (name == "hangs") WaitFor(cancel);
  };
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a"), Server("hangs")}, fake.Discovery(),
                    std::vector<std::string>{"x", "llm_time"}, registry);
  EXPECT_EQ(PluginOf(registry, "x"), "mcp.a");
  EXPECT_EQ(registry.Find("y"), nullptr);  // its late answer is not merged
  EXPECT_TRUE(registry.Unavailable().empty());
}

TEST(McpDiscovery, OneWorkerStillStopsAtTheServerThatHadTheName) {
  FakeServers fake;
  fake.tools = {{"a", {"x"}}, {"b", {"y"}}, {"c", {"x"}}};
  fake.before = [](const std::string& name, const std::atomic<bool>& cancel) {
    if (name != "a") WaitFor(cancel);
  };
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a"), Server("b"), Server("c")}, fake.Discovery(1),
                    std::vector<std::string>{"x"}, registry);
  EXPECT_EQ(PluginOf(registry, "x"), "mcp.a");
  EXPECT_FALSE(fake.asked().count("c"));  // one worker: b was taken, c never was
}

TEST(McpDiscovery, TheEarlierServerWinsANameEvenWhenItAnswersLast) {
  FakeServers fake;
  fake.tools = {{"first", {"x"}}, {"second", {"x", "z"}}};
  std::atomic<bool> second_answered{false};
  fake.before = [&](const std::string& name, const std::atomic<bool>&) {
    if (name == "first") WaitFor(second_answered);
    if (name == "second") second_answered = true;
  };
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("first"), Server("second")}, fake.Discovery(2),
                    std::vector<std::string>{"z"}, registry);
  EXPECT_EQ(PluginOf(registry, "x"), "mcp.first");
  EXPECT_EQ(registry.Find("z"), nullptr);  // the whole second server is refused
  ASSERT_EQ(registry.Unavailable().size(), 1u);
  EXPECT_NE(registry.Unavailable()[0].find("second.yaml: MCP server \"second\" lists tool \"x\""),
            std::string::npos);
}

TEST(McpDiscovery, AServerListingABuiltinsNameIsRefused) {
  FakeServers fake;
  fake.tools = {{"a", {"llm_time", "x"}}};
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a")}, fake.Discovery(), std::vector<std::string>{"x"}, registry);
  EXPECT_EQ(registry.Find("x"), nullptr);
  EXPECT_TRUE(registry.Find("llm_time")->builtin);
  ASSERT_EQ(registry.Unavailable().size(), 1u);
}

TEST(McpDiscovery, AMissingNameAsksEveryServerAndKeepsTheProblemsInFileOrder) {
  FakeServers fake;
  std::atomic<bool> second_failed{false};
  fake.before = [&](const std::string& name, const std::atomic<bool>&) {
    if (name == "a") WaitFor(second_failed);
    if (name == "b") second_failed = true;
  };
  ToolRegistry registry = BuiltinTools("1");
  AddMcpServerTools({Server("a"), Server("b")}, fake.Discovery(2),
                    std::vector<std::string>{"nowhere"}, registry);
  EXPECT_EQ(fake.asked(), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(registry.Unavailable(), (std::vector<std::string>{"a is broken", "b is broken"}));
}

TEST(McpDiscovery, AtMostParallelServersAreListedAtOnce) {
  FakeServers fake;
  std::mutex mu;
  int running = 0;
  int most = 0;
  std::atomic<int> started{0};
  fake.before = [&](const std::string&, const std::atomic<bool>&) {
    {
      std::lock_guard<std::mutex> lock(mu);
      most = std::max(most, ++running);
    }
    ++started;
    while (started.load() < 2) std::this_thread::yield();  // the first two overlap
    std::lock_guard<std::mutex> lock(mu);
    --running;
  };
  for (const char* name : {"a", "b", "c", "d", "e"}) fake.tools[name] = {std::string("t_") + name};
  ToolRegistry registry = BuiltinTools("1");
  std::vector<McpServerDecl> servers;
  for (const char* name : {"a", "b", "c", "d", "e"}) servers.push_back(Server(name));
  AddMcpServerTools(servers, fake.Discovery(2), std::nullopt, registry);
  EXPECT_EQ(most, 2);
  EXPECT_EQ(registry.Names().size(), 7u);
}

TEST(McpDiscovery, HasAllToolsNeedsEveryName) {
  ToolRegistry registry = BuiltinTools("1");
  EXPECT_TRUE(HasAllTools(registry, {}));
  EXPECT_TRUE(HasAllTools(registry, {"llm_time", "llm_version"}));
  EXPECT_FALSE(HasAllTools(registry, {"llm_time", "x"}));
}

}  // namespace
}  // namespace llmbox
