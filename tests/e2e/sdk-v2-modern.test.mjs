// The TypeScript SDK v2 client pinned to 2026-07-28: no initialize, every request carries the _meta envelope,
// every result must carry resultType (the client rejects a result without it) and tools/list its caching hints.
import { describeSdkV2 } from "./sdk-v2-suite.mjs";

describeSdkV2("pinned 2026-07-28", { versionNegotiation: { mode: { pin: "2026-07-28" } }, era: "2026-07-28" });
