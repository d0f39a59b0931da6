// placeholder so the library target has a source until the client lands.
namespace llmbox {}
