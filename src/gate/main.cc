// llm-gate: the egress gateway of llmbox. See src/gate/*.h for what each part
// guards against, and deploy/gate.json for a configuration.
#include <cstdio>
#include <cstring>
#include <string>

#include "gate/gate_config.h"
#include "gate/gate_context.h"
#include "gate/gate_server.h"
#include "gate/health_probe.h"

namespace {

constexpr const char* kUsage =
    "usage: llm-gate [--config FILE] [--check | --healthcheck]\n"
    "  --config FILE   gate configuration (default: $LLM_GATE_CONFIG or /etc/llm-gate/gate.json)\n"
    "  --check         load and check the configuration and secrets, then exit\n"
    "  --healthcheck   ask the running gate for GET /healthz over its socket; exit 0 if healthy\n"
    "  --version       print the version\n";

struct Options {
  std::string config_path;
  bool check = false;
  bool healthcheck = false;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "llm-gate: error: %s\n", message.c_str());
  return 1;
}

bool ParseArgs(int argc, char** argv, Options& options, int& exit_code) {
  const char* env = std::getenv("LLM_GATE_CONFIG");
  options.config_path = env != nullptr ? env : "/etc/llm-gate/gate.json";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      options.config_path = argv[++i];
    } else if (arg == "--check") {
      options.check = true;
    } else if (arg == "--healthcheck") {
      options.healthcheck = true;
    } else if (arg == "--version") {
      std::printf("llm-gate %s\n", LLMBOX_VERSION);
      exit_code = 0;
      return false;
    } else {
      std::fputs(kUsage, arg == "--help" || arg == "-h" ? stdout : stderr);
      exit_code = arg == "--help" || arg == "-h" ? 0 : 2;
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace llmbox::gate;
  Options options;
  int exit_code = 0;
  if (!ParseArgs(argc, argv, options, exit_code)) return exit_code;
  auto config = LoadGateConfig(options.config_path);
  if (!config.ok()) return Fail(config.error().message);
  if (options.healthcheck) {
    auto healthy = ProbeHealth(*config);
    return healthy.ok() ? 0 : Fail(healthy.error().message);
  }
  std::vector<std::string> warnings;
  auto context = MakeGateContext(std::move(*config), warnings);
  for (const auto& warning : warnings)
    std::fprintf(stderr, "llm-gate: warning: %s\n", warning.c_str());
  if (!context.ok()) return Fail(context.error().message);
  if (options.check) {
    std::fprintf(stderr, "llm-gate: configuration OK\n");
    return 0;
  }
  auto ran = RunGate(**context);
  return ran.ok() ? 0 : Fail(ran.error().message);
}
