"""Event merging against a labelled set of articles (`tests/data/merge/articles.jsonl`).

Each JSON record is an article (id, date, outlet, title, text) with the `story` it tells:
the real-world event of its main report. Two articles count as merged when a report of one
is in an event with a report of the other; they should be exactly when their stories are
equal. Precision and recall are over pairs of articles:

    python -m eventcoder.evaluate.merging tests/data/merge/articles.jsonl [--reverse]

codes the articles, stores them (in file order, or reversed) in a new SQLite database in a
temporary folder, and prints precision, recall and the pairs merged wrongly or missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

if TYPE_CHECKING:
    from ..model import CodedArticle
    from ..store import Store


@dataclass
class MergeScores:
    """Pairs of articles: merged by the store, of one story in the gold data, both."""

    merged: int = 0
    same_story: int = 0
    correct: int = 0
    wrong: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.merged if self.merged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.same_story if self.same_story else 1.0


def stories(path: Path) -> dict[str, str]:
    """Record id -> story, from a JSON Lines file; ValueError naming the line that has none."""
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            if not record.get("id") or not record.get("story"):
                raise ValueError(f"{path}:{n}: a record needs an id and a story")
            out[record["id"]] = record["story"]
    return out


def code_set(path: Path) -> list[CodedArticle]:
    """The set's articles, coded, in file order."""
    from ..pipeline import code_articles
    from ..read import read_paths
    from ..read.errors import Problem

    articles = []
    for item in read_paths([path]):
        if isinstance(item, Problem):
            raise ValueError(str(item))
        articles.append(item)
    return list(code_articles(articles))


def score(store: Store, gold: dict[str, str]) -> MergeScores:
    """Compare the stored events with the stories of `gold` (record id -> story)."""
    from ..store import schema as t

    a, r = t.articles, t.event_reports
    events: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(select(a.c.external_id, r.c.event_id)
                            .join(r, r.c.article_id == a.c.id, isouter=True))
        for external, event in rows:
            found = events.setdefault(external, set())
            if event is not None:
                found.add(event)
    scores = MergeScores()
    for x, y in combinations(sorted(gold), 2):
        merged = bool(events.get(x, set()) & events.get(y, set()))
        same = gold[x] == gold[y]
        scores.merged += merged
        scores.same_story += same
        scores.correct += merged and same
        if merged and not same:
            scores.wrong.append((x, y))
        elif same and not merged:
            scores.missed.append((x, y))
    return scores


def main(argv: list[str] | None = None) -> int:
    from ..store import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--reverse", action="store_true", help="Store in reverse order.")
    args = parser.parse_args(argv)
    gold = stories(args.path)
    coded = code_set(args.path)
    if args.reverse:
        coded.reverse()
    with tempfile.TemporaryDirectory() as folder, \
            Store.open(f"sqlite:///{folder}/merge.db") as store:
        for record in coded:
            store.add(record)
        result = score(store, gold)
        counts = store.counts()
    print(f"{len(gold)} articles, {len(set(gold.values()))} stories; "
          f"{counts['merged_reports']} merged reports, "
          f"{counts['near_duplicate_articles']} near-duplicate articles")
    print(f"pairs of articles: {result.merged} merged, {result.same_story} of one story, "
          f"{result.correct} both")
    print(f"merge precision {result.precision:.3f} recall {result.recall:.3f}")
    for x, y in result.wrong:
        print(f"  merged, different stories: {x} {y}")
    for x, y in result.missed:
        print(f"  one story, not merged: {x} {y}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
