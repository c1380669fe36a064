"""The load test's simulated members (locust, headless; started by `bench/run.py`, issue 21 "Load").

Each simulated user is one scale member with a session of their own (the plan written by `bench/load.py`): they read
(home, content list, contents, questions, agenda, bell), search, post answers, register to events and report video
progress, with a human pause between pages (BENCH_LOAD_THINK, seconds "min,max"). Every write the server acknowledges
(its redirect) is remembered, so that `load.check` can find each one in the database afterwards. At the end the
figures go to BENCH_LOAD_OUT as JSON.

Not meant to be started by hand; see `bench/run.py` (`BENCH_LOAD_USERS`, `BENCH_LOAD_SECONDS`).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter, defaultdict
from pathlib import Path

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
THINK = [float(x) for x in os.environ.get("BENCH_LOAD_THINK", "2,6").split(",")]
_users = itertools.cycle(PLAN["users"])
_numbers = itertools.count()
STATUSES: Counter[int] = Counter()
ACKNOWLEDGED: dict[str, dict[str, object]] = {"answers": defaultdict(int), "registrations": defaultdict(list),
                                              "heartbeats": defaultdict(list)}


class Member(FastHttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.member = next(_users)
        self.rng = random.Random(self.member["id"])
        self.headers = {"Cookie": f"csrftoken={PLAN['csrf']}; sessionid={self.member['session']}",
                        "Accept-Language": "fr", "X-CSRFToken": PLAN["csrf"]}
        self.events = self.rng.sample(PLAN["events"], len(PLAN["events"]))
        self.beat = 0

    def _post(self, path: str, body: dict, name: str) -> int:
        data = "&".join(f"{k}={v}" for k, v in {**body, "csrfmiddlewaretoken": PLAN["csrf"]}.items())
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True,
                              headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"}) as r:
            if r.status_code < 500:
                r.success()  # a refusal (400 already registered, 409 full) is an answer, not a failure
            return r.status_code

    @task(40)
    def read(self) -> None:
        path = self.rng.choice(PLAN["reads"])
        name = "read " + (path.split("/")[1] or "home")
        self.client.get(path, headers=self.headers, name=name, allow_redirects=False)

    @task(12)
    def search(self) -> None:
        self.client.get(self.rng.choice(PLAN["searches"]), headers=self.headers, name="search",
                        allow_redirects=False)

    @task(4)
    def post_answer(self) -> None:
        if not PLAN["answers"]:
            return
        body = f"{PLAN['answer_mark']} Réponse {next(_numbers)} du membre {self.member['id']}: même pratique chez nous."
        if self._post(self.rng.choice(PLAN["answers"]), {"body": body}, "post answer") == 302:
            ACKNOWLEDGED["answers"][str(self.member["id"])] += 1  # type: ignore[operator]

    @task(3)
    def register(self) -> None:
        if not self.events:
            return
        event = self.events.pop()
        if self._post(event["path"], {"join_waitlist": "on"}, "register to event") == 302:
            ACKNOWLEDGED["registrations"][str(self.member["id"])].append(event["id"])  # type: ignore[union-attr]

    @task(8)
    def progress(self) -> None:
        if not self.member["heartbeat"]:
            return
        a = round(0.2 * self.beat, 2)
        b = round(a + 0.05, 2)
        self.beat += 1
        body = {"played": f"[[{a},{b}]]", "position": str(b)}
        if self._post(self.member["heartbeat"], body, "progress heartbeat") in (200, 204, 302):
            ACKNOWLEDGED["heartbeats"][str(self.member["id"])].append([a, b])  # type: ignore[union-attr]


@events.request.add_listener
def _count(request_type, name, response_time, response_length, response=None, exception=None, **kw) -> None:
    STATUSES[getattr(response, "status_code", 0) or 0] += 1


@events.quitting.add_listener
def _report(environment, **kw) -> None:
    total = environment.stats.total
    per_name = {
        name: {"requests": s.num_requests, "p50_ms": s.get_response_time_percentile(0.5),
               "p95_ms": s.get_response_time_percentile(0.95), "p99_ms": s.get_response_time_percentile(0.99)}
        for (name, _method), s in sorted(environment.stats.entries.items())
    }
    out = {
        "requests": total.num_requests, "rps": round(total.total_rps, 1), "failures": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5), "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99), "max_ms": round(total.max_response_time, 1),
        "statuses": {str(k): v for k, v in sorted(STATUSES.items())},
        "server_errors_5xx": sum(v for k, v in STATUSES.items() if k >= 500),
        "connection_errors": STATUSES.get(0, 0), "per_request": per_name,
        "acknowledged": ACKNOWLEDGED,
    }
    Path(os.environ["BENCH_LOAD_OUT"]).write_text(json.dumps(out, indent=1))
