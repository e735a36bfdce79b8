"""Latency of `eventcoder serve`: p50 and p95 of the main API calls and pages.

    python bench/serve.py [--db URL] [--rounds N] [--port P]

Starts the server (uvicorn, in a thread of this process) on 127.0.0.1 over the database
(default: the demo's eventcoder.db, made by `make demo`), asks each URL N times in a
bounded loop with urllib, and prints one line per URL: `p50=... p95=... ms`. The actor and
pair are the database's busiest country actor and its main counterpart.

Not measured yet: a database of 10^6 synthetic events (the issue's target is p95 < 100 ms
for events, timeline and actor queries there).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.parse
import urllib.request

import uvicorn

from eventcoder.serve import create_app
from eventcoder.store import Store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def urls(store: Store) -> list[str]:
    from eventcoder.store.lookup import search_articles

    actors = [a for a in store.actors(limit=50) if a.kind == "country"] or store.actors(
        limit=1)
    a = actors[0].id if actors else "ARM"
    b = actors[1].id if len(actors) > 1 else a
    _, articles = search_articles(store, limit=1)
    article = articles[0]["id"] if articles else "none"
    q = urllib.parse.urlencode
    return ["/api/events?limit=50", f"/api/events?{q({'actor': a})}",
            f"/api/events?{q({'actor': a, 'target': b})}",
            f"/api/timeline?{q({'actor': a, 'with': b})}", f"/api/actors/{a}",
            f"/api/articles/{article}", f"/api/shifts?{q({'actor': a})}",
            "/", "/events", f"/articles/{article}", f"/actors/{a}",
            f"/pair?{q({'a': a, 'b': b})}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite:///eventcoder.db")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    store = Store.open(args.db, create=False)
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1",
                                           port=args.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        for path in urls(store):
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                with urllib.request.urlopen(f"http://127.0.0.1:{args.port}{path}",
                                            timeout=60) as response:
                    response.read()
                times.append((time.perf_counter() - start) * 1000)
            print(f"{path:60} p50={statistics.median(times):8.1f} "
                  f"p95={percentile(times, 0.95):8.1f} ms", flush=True)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


if __name__ == "__main__":
    main()
