"""The faults the soak turns on in the sandbox: one table, one row per fault.

A row names the fault, the sandbox's --fault-kinds name for it (the seeded random mix: each authenticated request
gets at most one fault, with probability --fault-rate) and, for a sandbox binary that predates the mix, the flags
that give the same fault another way (None: that binary cannot). Which form is used is decided by asking the
binary's --help, so the driver works with the sandbox of any branch and says which faults it could not turn on.
"""
import dataclasses
import re
import subprocess


@dataclasses.dataclass(frozen=True)
class Fault:
    name: str
    mix_kind: str | None        # --fault-kinds name; None: not a mix fault
    legacy_flags: list | None   # without the mix: flags with {rate}, {count}, {latency_ms} placeholders
    how: str


FAULTS = [
    Fault("503", "503", ["--fail-probability", "{rate}"],
          "503 SERVICE_UNAVAILABLE with Retry-After"),
    Fault("drop before response", "drop-before", ["--drop-before-response", "{count}"],
          "connection shut without acting or answering"),
    Fault("drop after commit", "drop-after", ["--drop-after-commit", "{count}"],
          "request carried out, then the connection shut without an answer"),
    Fault("garbage body", "garbage", ["--corrupt-body", "invalid-json", "--corrupt-count", "{count}"],
          "a 200 whose body is not JSON or JSON of the wrong shape"),
    Fault("trickled response", "trickle", None,
          "status line, headers and body written a few bytes at a time with pauses"),
    Fault("latency", "latency", ["--latency-ms", "{latency_ms}"],
          "a delay before the request is handled"),
    Fault("bare 304", None, None,
          "the sandbox's 304 to If-None-Match; the workload repeats identical reads so the client revalidates"),
]


@dataclasses.dataclass
class FaultSettings:
    rate: float               # share of authenticated requests that get a fault
    seed: int
    latency_ms: int           # a mix latency fault (legacy: added to every request, so kept small there)
    trickle_pause_ms: int
    trickle_max_ms: int
    legacy_count: int         # legacy counted faults: how many requests get each (front-loaded)
    legacy_latency_ms: int


def sandbox_flags_supported(sandbox_bin):
    """Every --flag the sandbox binary's --help mentions."""
    out = subprocess.run([sandbox_bin, "--help"], capture_output=True, text=True, timeout=30)
    return set(re.findall(r"--[a-z][a-z0-9-]*", out.stdout + out.stderr))


def sandbox_fault_args(sandbox_bin, settings):
    """(argv for the sandbox, [(fault name, how it is turned on or why it is not)])."""
    supported = sandbox_flags_supported(sandbox_bin)
    args, plan = [], []
    if "--fault-rate" in supported:
        kinds = [f.mix_kind for f in FAULTS if f.mix_kind]
        args += ["--fault-rate", str(settings.rate), "--fault-kinds", ",".join(kinds)]
        optional = {"--fault-seed": settings.seed, "--fault-latency-ms": settings.latency_ms,
                    "--trickle-pause-ms": settings.trickle_pause_ms, "--trickle-max-ms": settings.trickle_max_ms}
        for flag, value in optional.items():
            if flag in supported:
                args += [flag, str(value)]
        for f in FAULTS:
            plan.append((f.name, "mix, rate %.2f shared by all kinds" % settings.rate if f.mix_kind else "workload"))
        return args, plan
    values = {"rate": str(settings.rate / 2), "count": str(settings.legacy_count),
              "latency_ms": str(settings.legacy_latency_ms)}
    for f in FAULTS:
        if f.legacy_flags is None:
            plan.append((f.name, "workload" if f.mix_kind is None else "NOT AVAILABLE in this sandbox binary"))
            continue
        if f.legacy_flags[0] not in supported:
            plan.append((f.name, "NOT AVAILABLE (%s missing)" % f.legacy_flags[0]))
            continue
        flags = [part.format(**values) for part in f.legacy_flags]
        args += flags
        plan.append((f.name, "legacy: " + " ".join(flags)))
    return args, plan
