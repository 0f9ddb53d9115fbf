// Placeholder so the target has a source until the sandbox lands; the sandbox work deletes this file.
namespace ca::sandbox {}
