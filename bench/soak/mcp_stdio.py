"""A minimal MCP client over a child process's stdio, for the soak: requests go out as single lines, a reader
thread matches responses to ids and timestamps them, and stderr is drained (and scanned for sanitizer reports)
so the child never blocks on a full pipe."""
import collections
import json
import subprocess
import threading
import time

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "UndefinedBehaviorSanitizer", "ThreadSanitizer")


class StderrWatch:
    """Drains a pipe, keeps its last lines and every line that looks like a sanitizer report, and copies it all to
    `copy_to` when given."""

    def __init__(self, pipe, name, copy_to=None):
        self.name = name
        self.tail = collections.deque(maxlen=50)
        self.sanitizer_lines = []
        self.lines = 0
        self._thread = threading.Thread(target=self._drain, args=(pipe, copy_to), daemon=True)
        self._thread.start()

    def _drain(self, pipe, copy_to):
        copy = open(copy_to, "wb") if copy_to else None
        for raw in pipe:
            if copy:
                copy.write(raw)
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines += 1
            self.tail.append(line)
            if any(marker in line for marker in SANITIZER_MARKERS):
                self.sanitizer_lines.append(line)
        if copy:
            copy.close()

    def join(self, timeout):
        self._thread.join(timeout)


class McpProcess:
    def __init__(self, argv, env, stderr_copy=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env)
        self.stderr = StderrWatch(self.proc.stderr, "creatoraudit-mcp", stderr_copy)
        self._cond = threading.Condition()
        self._responses = {}      # id -> (message, monotonic time received)
        self.non_json_lines = []  # stdout lines that are not a JSON object: a protocol violation
        self.notifications = collections.Counter()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def pid(self):
        return self.proc.pid

    def _read(self):
        for raw in self.proc.stdout:
            received = time.monotonic()
            try:
                message = json.loads(raw)
            except ValueError:
                message = None
            if not isinstance(message, dict):
                self.non_json_lines.append(raw[:200])
                continue
            if "method" in message:
                self.notifications[message["method"]] += 1
                continue
            with self._cond:
                self._responses[json.dumps(message.get("id"))] = (message, received)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def send(self, message):
        """Writes one message; returns the monotonic time it was written."""
        self.proc.stdin.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.proc.stdin.flush()
        return time.monotonic()

    def request(self, request_id, method, params=None, timeout=30):
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}})
        return self.wait_response(request_id, timeout)

    def take_response(self, request_id):
        """(message, time received) when the response has arrived, else None."""
        with self._cond:
            return self._responses.pop(json.dumps(request_id), None)

    def wait_any(self, timeout):
        """Blocks until some response may have arrived, or `timeout` seconds."""
        with self._cond:
            if not self._responses:
                self._cond.wait(timeout)

    def wait_response(self, request_id, timeout):
        deadline = time.monotonic() + timeout
        with self._cond:
            while json.dumps(request_id) not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self._cond.wait(left)
            return self._responses.pop(json.dumps(request_id))[0]

    def alive(self):
        return self.proc.poll() is None

    def close_and_wait(self, timeout):
        """End of input, as a host that quits: returns the exit code, or None when it did not exit in time."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        self._reader.join(5)
        self.stderr.join(5)
        return code
