"""The soak's mix of tool calls, drawn from a seeded generator and fed by what earlier results returned (account
ids, cursors). Reads repeat identical arguments on purpose, so the client revalidates with If-None-Match and the
sandbox answers 304. Creates use handles unique to the run (and repeat some of them), so the sandbox's data can
be checked afterwards for exactly one account per created handle."""
import dataclasses
import random

PLATFORMS = ("instagram", "tiktok")
QUERIES = ("a", "ma", "eats", "fit", "travel", "zoe", "leo", "nora", "1", "_")
ORDER_BY = ("added_at", "username", "follower_count", "view_count", "like_count")
PERIODS = ("7d", "30d", "90d")
# Reads with fixed arguments, repeated throughout the run: the second and later ones are conditional GETs.
REPEATED_READS = (
    ("list_accounts", {}),
    ("list_accounts", {"platform": "tiktok", "max_results": 20}),
    ("list_accounts", {"order_by": "follower_count", "order_direction": "asc", "max_results": 5}),
    ("whoami", {}),
)
# Arguments the input schemas refuse: the answer must be an isError result, never a success.
ARGUMENT_ERRORS = (
    ("list_accounts", {"max_results": 5000}),
    ("list_accounts", {"platform": "myspace"}),
    ("list_accounts", {"no_such_argument": 1}),
    ("get_metrics", {"account_ids": ["not-a-uuid"]}),
    ("get_metrics", {"period": "custom", "start_date": "2024-02-30", "end_date": "2024-03-01"}),
    ("add_account", {}),
    ("add_account", {"username": "x", "platform": "myspace"}),
    ("add_account", {"username": "x", "wait_seconds": -1}),
)


@dataclasses.dataclass
class Call:
    tool: str
    arguments: dict
    kind: str                        # read, repeated-read, create, repeat-create, argument-error
    handle: tuple | None = None      # (platform, username) of an add_account


class Workload:
    def __init__(self, seed, run_tag):
        self.rng = random.Random(seed)
        self.run_tag = run_tag           # every created username starts with it
        self.account_ids = []            # ids seen in list results
        self.usernames = []              # (platform, username) seen in list results
        self.cursors = []                # (arguments, next_cursor) from list results with has_more
        self.handles = []                # (platform, username) asked to be created
        self._next_handle = 0

    def next_call(self):
        roll = self.rng.random()
        if roll < 0.25:
            return self._list_accounts()
        if roll < 0.35:
            tool, arguments = self.rng.choice(REPEATED_READS)
            return Call(tool, dict(arguments), "repeated-read")
        if roll < 0.55:
            return self._get_metrics()
        if roll < 0.75:
            return self._add_account()
        if roll < 0.85:
            return Call("whoami", {}, "read")
        tool, arguments = self.rng.choice(ARGUMENT_ERRORS)
        return Call(tool, dict(arguments), "argument-error")

    def _list_accounts(self):
        if self.cursors and self.rng.random() < 0.3:
            arguments, cursor = self.cursors.pop(self.rng.randrange(len(self.cursors)))
            return Call("list_accounts", dict(arguments, cursor=cursor), "read")
        arguments = {"max_results": self.rng.choice((1, 5, 20, 50, 120, 250))}
        if self.rng.random() < 0.5:
            arguments["platform"] = self.rng.choice(PLATFORMS)
        if self.rng.random() < 0.4:
            arguments["query"] = self.rng.choice(QUERIES + (self.run_tag,))
        if self.rng.random() < 0.3:
            arguments["order_by"] = self.rng.choice(ORDER_BY)
            arguments["order_direction"] = self.rng.choice(("asc", "desc"))
        if self.rng.random() < 0.2:
            arguments["is_active"] = self.rng.random() < 0.5
        return Call("list_accounts", arguments, "read")

    def _get_metrics(self):
        arguments = {}
        if self.usernames and self.rng.random() < 0.3:
            picked = self.rng.sample(self.usernames, min(len(self.usernames), self.rng.randint(1, 5)))
            arguments["accounts"] = ["%s:%s" % handle for handle in picked]
        elif self.account_ids:
            arguments["account_ids"] = self.rng.sample(self.account_ids,
                                                       min(len(self.account_ids), self.rng.randint(1, 60)))
        else:
            return self._list_accounts()
        arguments["period"] = self.rng.choice(PERIODS)
        return Call("get_metrics", arguments, "read")

    def _add_account(self):
        if self.handles and self.rng.random() < 0.35:
            handle = self.rng.choice(self.handles)
            kind = "repeat-create"
        else:
            handle = (self.rng.choice(PLATFORMS), "%s.%d" % (self.run_tag, self._next_handle))
            self._next_handle += 1
            self.handles.append(handle)
            kind = "create"
        # Mostly no wait (a waiting call holds a worker while it polls), sometimes long enough to see the refresh.
        arguments = {"username": handle[1], "platform": handle[0], "wait_seconds": self.rng.choice((0, 0, 0, 1, 2))}
        return Call("add_account", arguments, kind, handle)

    def observe(self, call, structured):
        """Learns ids, handles and cursors from a successful result."""
        if call.tool != "list_accounts" or not isinstance(structured, dict):
            return
        for row in structured.get("accounts") or []:
            if not isinstance(row, dict):
                continue
            if isinstance(row.get("id"), str) and len(self.account_ids) < 2000:
                self.account_ids.append(row["id"])
            if isinstance(row.get("username"), str) and isinstance(row.get("platform"), str) \
                    and len(self.usernames) < 2000:
                self.usernames.append((row["platform"], row["username"]))
        cursor = structured.get("next_cursor")
        if structured.get("has_more") and isinstance(cursor, str) and len(self.cursors) < 100:
            self.cursors.append(({k: v for k, v in call.arguments.items() if k != "cursor"}, cursor))
