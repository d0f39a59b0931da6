// The container's HEALTHCHECK: `llm healthcheck` (a hidden subcommand) checks
// what every prompt will need, without touching the network:
//
//   - the config directory exists or can be created, and is writable
//     (a temporary file is created and removed);
//   - keys.json, if present, is a private (0600) JSON object;
//   - the CA bundle ($SSL_CERT_FILE, else /etc/ssl/certs/ca-certificates.crt)
//     is a readable, non-empty file: a scratch image has no other;
//   - logs.db, if present, is a readable regular file with an SQLite header.
//
// The first failure is returned as one line naming the path and the fix.
#pragma once

#include "common/result.h"
#include "llm/command.h"

namespace llmbox {

inline constexpr char kDefaultCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";

Result<void> CheckHealth(const Context& ctx);

// Adds the hidden `healthcheck` subcommand; prints "ok" when healthy.
void AddHealthCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
