"""What the soak measures besides the answers: the server's RSS over time, and the sandbox's own data after the
run (read straight from the sandbox over HTTP, not through the server under test)."""
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class RssSampler:
    """Samples a process's VmRSS every `interval` seconds: [(seconds since start, KiB, answered calls)]."""

    def __init__(self, pid, interval, progress):
        self.samples = []
        self._pid = pid
        self._interval = interval
        self._progress = progress  # () -> answered calls so far
        self._stop = threading.Event()
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            kib = rss_kib(self._pid)
            if kib is not None:
                self.samples.append((time.monotonic() - self._start, kib, self._progress()))
            self._stop.wait(self._interval)

    def stop(self):
        self._stop.set()
        self._thread.join(5)

    def curve(self, points):
        """At most `points` samples, evenly spread, always including the first and the last."""
        if len(self.samples) <= points:
            return list(self.samples)
        step = (len(self.samples) - 1) / (points - 1)
        return [self.samples[round(i * step)] for i in range(points)]

    def growth_kib(self):
        """Peak RSS of the last quarter of the run minus the peak of its second quarter: a leak keeps growing
        after the caches and pools have filled, which the first quarter is allowed for."""
        n = len(self.samples)
        if n < 8:
            return 0
        second = max(kib for _, kib, _ in self.samples[n // 4: n // 2])
        last = max(kib for _, kib, _ in self.samples[3 * n // 4:])
        return last - second


def sandbox_accounts(base_url, api_key, query, attempts=200):
    """Every account whose username contains `query`, paging through the sandbox's list, each page retried
    through the faults the sandbox still injects (503, drops, garbage, trickles)."""
    accounts, cursor = [], None
    while True:
        params = {"q": query, "limit": "200"}
        if cursor:
            params["cursor"] = cursor
        page = _get_json(base_url + "/accounts?" + urllib.parse.urlencode(params), api_key, attempts,
                         lambda body: isinstance(body.get("data"), list) and isinstance(body.get("pagination"), dict))
        accounts += page["data"]
        pagination = page["pagination"]
        if not pagination.get("has_next"):
            return accounts
        cursor = pagination.get("next_cursor")


def _get_json(url, api_key, attempts, well_formed):
    last_error = None
    for _ in range(attempts):
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + api_key,
                                                       "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.loads(response.read())
            if isinstance(body, dict) and well_formed(body):
                return body
            last_error = "a 200 of the wrong shape"
        except (urllib.error.URLError, OSError, ValueError, ConnectionError) as e:
            last_error = repr(e)
        time.sleep(0.05)
    raise RuntimeError("the sandbox did not answer %s after %d attempts (last: %s)" % (url, attempts, last_error))


def account_check(handles, creates, found_accounts):
    """Exactly one account per created handle. `handles`: every (platform, username) asked to be created;
    `creates`: per handle, the outcomes of its add_account calls ("created", "already_tracked" or "error");
    `found_accounts`: the sandbox's accounts with the run's prefix. Returns a list of violations."""
    found = {}
    for account in found_accounts:
        key = (account.get("platform"), account.get("username"))
        found[key] = found.get(key, 0) + 1
    violations = []
    asked = set(handles)
    for handle in sorted(asked):
        outcomes = creates.get(handle, [])
        count = found.get(handle, 0)
        created = outcomes.count("created")
        if count > 1:
            violations.append("%s:%s exists %d times" % (handle[0], handle[1], count))
        if count == 0 and any(o in ("created", "already_tracked") for o in outcomes):
            violations.append("%s:%s was reported %s but does not exist" % (handle[0], handle[1], outcomes))
        if created > 1:
            violations.append("%s:%s was reported created by %d calls" % (handle[0], handle[1], created))
        if outcomes and "error" not in outcomes and created != 1:
            violations.append("%s:%s: every call succeeded but %d reported created (%s)"
                              % (handle[0], handle[1], created, outcomes))
    for key in found:
        if key not in asked:
            violations.append("%s:%s exists but was never asked for" % key)
    return violations
