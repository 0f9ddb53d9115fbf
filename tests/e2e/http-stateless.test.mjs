// The official SDK v2 client over Streamable HTTP (`creatoraudit-mcp --http`), 2026-07-28 era (stateless: each
// request with its _meta envelope and mirrored headers), pinned and in auto mode: every check of the SDK v2 suite.
import { describeSdkV2 } from "./sdk-v2-suite.mjs";

describeSdkV2("HTTP, pinned 2026-07-28 (stateless)",
  { versionNegotiation: { mode: { pin: "2026-07-28" } }, era: "2026-07-28", http: true });
describeSdkV2("HTTP, auto", { versionNegotiation: { mode: "auto", probe: { timeoutMs: 60000 } }, era: "2026-07-28", http: true });
