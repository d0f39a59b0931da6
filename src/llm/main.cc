#include <cstdio>

int main() {
  std::puts("llm " LLMBOX_VERSION);
  return 0;
}
