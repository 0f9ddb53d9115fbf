// Placeholder so the target has a source until the protocol core lands; that work deletes this file.
namespace ca::server {}
