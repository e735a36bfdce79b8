"""Latency of `eventcoder serve`: p50 and p95 of the main API calls and pages.

    python bench/serve.py [--db URL] [--rounds N] [--port P]
    python bench/serve.py --synthetic [--events N] [--rounds N]

Starts the server (uvicorn, in a thread of this process) on 127.0.0.1 over the database
(default: the demo's eventcoder.db, made by `make demo`), asks each URL N times in a
bounded loop with urllib, and prints one line per URL: `p50=... p95=... ms`. The actor and
pair are the database's busiest country actor and its main counterpart.

With `--synthetic`, makes a database of `--events` synthetic events (default 10^6; 200
countries, 5,000 actors, ten years: `bench/synth.py`) in a temporary folder, then measures
the library calls and the API calls (FastAPI's TestClient, no network) for a quiet pair
(C198 -> C199) and a busy pair (C000 -> C001), and prints whether p95 < 100 ms (the
issue's target for events, timeline and actor queries at 10^6 events).
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


TARGET_MS = 100.0


def timed(call: object, rounds: int) -> tuple[float, float]:
    """p50 and p95 in ms of `rounds` calls (after one warm-up call)."""
    assert callable(call)
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def synthetic(events: int, rounds: int, keep: str | None = None) -> None:
    """Make the synthetic database (in a temporary folder, or at `keep` when that file
    does not exist yet; an existing `keep` file is opened, and upgraded, as it is) and
    measure on it."""
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from synth import make_synthetic

    with tempfile.TemporaryDirectory() as folder:
        path = Path(keep) if keep else Path(folder) / "synth.db"
        start = time.perf_counter()
        if path.exists():
            store = Store.open(f"sqlite:///{path}")
            print(f"opened {path} in {time.perf_counter() - start:.1f} s", flush=True)
        else:
            store = make_synthetic(f"sqlite:///{path}", events=events)
            print(f"{events:,} synthetic events written in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
        try:
            measure_synthetic(store, rounds)
        finally:
            store.close()


def measure_synthetic(store: Store, rounds: int) -> None:
    from fastapi.testclient import TestClient

    from eventcoder.analyse.timeline import timeline
    from eventcoder.serve.service import event_page
    from eventcoder.store.lookup import actor_detail

    client = TestClient(create_app(store))

    def get(path: str) -> object:
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:200])
        return call

    calls: list[tuple[str, object]] = [
        ("lib events quiet pair C198->C199",
         lambda: store.events(actor="C198", target="C199")),
        ("lib events busy pair C000->C001",
         lambda: store.events(actor="C000", target="C001")),
        ("lib timeline busy pair C000<->C001", lambda: timeline(store, "C000", "C001")),
        ("lib actors(q=C000)", lambda: store.actors("C000", limit=50)),
        ("lib actors() top 50", lambda: store.actors(limit=50)),
        ("lib actor_detail C000", lambda: actor_detail(store, "C000")),
        ("lib counts()", store.counts),
        ("lib event_page country=C005 offset=100",
         lambda: event_page(store, country="C005", limit=50, offset=100)),
        ("GET /api/events quiet pair", get("/api/events?actor=C198&target=C199")),
        ("GET /api/events busy pair p1", get("/api/events?actor=C000&target=C001")),
        ("GET /api/events?limit=50", get("/api/events?limit=50")),
        ("GET /api/events?country=C005&offset=100",
         get("/api/events?country=C005&limit=50&offset=100")),
        ("GET /api/timeline busy pair", get("/api/timeline?actor=C000&with=C001")),
        ("GET /api/actors/C000", get("/api/actors/C000")),
        ("GET /api/actors?q=C000", get("/api/actors?q=C000")),
        ("GET /api/counts", get("/api/counts")),
        ("GET /actors/C000 (page)", get("/actors/C000")),
    ]
    for label, call in calls:
        p50, p95 = timed(call, rounds)
        verdict = "ok" if p95 < TARGET_MS else "OVER"
        print(f"{label:45} p50={p50:8.1f} p95={p95:8.1f} ms  p95<{TARGET_MS:.0f}: "
              f"{verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite:///eventcoder.db")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--synthetic", action="store_true",
                        help="measure on a new database of synthetic events instead")
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="synthetic events (with --synthetic)")
    parser.add_argument("--keep", help="with --synthetic: the SQLite file to make (kept "
                        "afterwards) or, when it exists, to measure on again")
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.events, args.rounds, args.keep)
        return

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
