"""`eventcoder eval events` on PLV-style gold: one root event a sentence, with the type and
the source and target words but no actor codes (`plv_dev.jsonl`).

Rules (also in `eventcoder eval events --help`):
- a predicted event has the gold type when the types are equal; gold YIELD (PLOVER 1)
  matches CONCEDE or RETREAT;
- its source (target) agrees with the gold source (target) words when one of the actor's
  mentions overlaps the words (found in the sentence as `eval actors` finds them). A
  group the events stage gave a country ("XXX-CVL" taken to be "UKR-CVL") keeps its
  mentions, and a country known from a place ('in Kyiv') its place;
- PLV's placeholders for a party the sentence does not name ('recipient', 'actor', words
  that are not in the sentence) agree with no actor;
- negated predictions are not scored (PLOVER leaves them out), as in the PLOVER scorer.

Figures, over sentences: type_recall (some prediction has the gold type), full_recall (such
a prediction has agreeing source and target), first_type (the first prediction has the gold
type); over predictions: off_type (share whose type is not the gold type).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..actor_ids import country_of, with_country
from ..interpret.events.plover_rules import PLOVER1_LABELS
from ..model import Article, CodedArticle, Event
from ..pipeline import Coder
from .actors import locate
from .gold_file import gold_lines
from .plover_gold import ratio


@dataclass(frozen=True)
class PlvSentence:
    id: str
    text: str
    type: str
    source: str
    target: str


class PlvGoldError(ValueError):
    """A PLV gold line that cannot be read, with the file and line."""


def is_plv(path: Path) -> bool:
    """Is this gold file PLV-style: events whose actors are words without codes?"""
    for _, record in gold_lines(path):
        actors = [a for e in record.get("events", [])
                  for a in (e.get("source") or []) + (e.get("target") or [])]
        return bool(actors) and not any("code" in a for a in actors)
    return False


def read_plv(path: Path, limit: int | None = None) -> list[PlvSentence]:
    sentences = []
    for number, record in gold_lines(path):
        try:
            event = record["events"][0]
            sentences.append(PlvSentence(
                str(record["id"]), record["text"], event["type"],
                " ".join(a.get("text") or "" for a in event.get("source") or []).strip(),
                " ".join(a.get("text") or "" for a in event.get("target") or []).strip()))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise PlvGoldError(f"{path}:{number}: not a PLV gold record ({exc!r})") from exc
        if limit and len(sentences) >= limit:
            break
    return sentences


def type_matches(predicted: str, gold: str) -> bool:
    return predicted == gold or predicted in PLOVER1_LABELS.get(gold, ())


def _spans_of(record: CodedArticle, actor_id: str) -> Iterator[tuple[int, int]]:
    """Where the article names an actor: its mentions (and, for a country, its places)."""
    country = country_of(actor_id)
    for mention in record.mentions:
        same = mention.actor == actor_id or (
            country is not None and with_country(mention.actor, country) == actor_id)
        if same:
            yield mention.span.start, mention.span.end
    for place in record.places:
        if place.actor == actor_id:
            yield place.span.start, place.span.end


#: Words PLV gold gives for a party the sentence does not name (a passive's unnamed agent,
#: an act with no recipient); they are not in the sentence.
UNNAMED = frozenset({"actor", "recipient"})


def agrees(record: CodedArticle, actor_id: str | None, words: str) -> bool:
    """Does one of the actor's mentions overlap the gold words? No gold words, or a
    placeholder for an unnamed party: no actor."""
    where = locate(record.article.text, words) if words else None
    if not words or where is None and words.lower() in UNNAMED:
        return actor_id is None
    if where is None or actor_id is None:
        return False
    start, end = where
    return any(s < end and start < e for s, e in _spans_of(record, actor_id))


@dataclass
class PlvTally:
    sentences: Counter[str]
    typed: Counter[str]
    full: Counter[str]
    first: Counter[str]
    predicted: Counter[str]
    off: Counter[str]

    @classmethod
    def empty(cls) -> PlvTally:
        return cls(Counter(), Counter(), Counter(), Counter(), Counter(), Counter())

    def add(self, gold: PlvSentence, record: CodedArticle) -> None:
        events: list[Event] = [e for e in record.events if e.modality != "negated"]
        typed = [e for e in events if type_matches(e.type, gold.type)]
        self.sentences[gold.type] += 1
        self.typed[gold.type] += bool(typed)
        self.full[gold.type] += any(agrees(record, e.source, gold.source)
                                    and agrees(record, e.target, gold.target) for e in typed)
        self.first[gold.type] += bool(events) and type_matches(events[0].type, gold.type)
        for event in events:
            self.predicted[event.type] += 1
            self.off[event.type] += not type_matches(event.type, gold.type)


def code_plv(sentences: Iterable[PlvSentence], coder: Coder | None = None) -> Iterator[
        tuple[PlvSentence, CodedArticle]]:
    coder = coder or Coder(cross_validated=True)
    items = list(sentences)
    articles = (Article(text=s.text, origin=s.id) for s in items)
    yield from zip(items, coder.code_articles(articles), strict=True)


def report(tally: PlvTally) -> str:
    lines = [f"{'gold type':10} {'n':>5} {'type_rec':>8} {'full_rec':>8} {'first':>6}   "
             f"{'predicted':10} {'n':>5} {'off_type':>8}"]
    gold_types = sorted(tally.sentences)
    pred_types = sorted(tally.predicted)
    for n in range(max(len(gold_types), len(pred_types))):
        left = right = ""
        if n < len(gold_types):
            t = gold_types[n]
            size = tally.sentences[t]
            left = (f"{t:10} {size:5} {ratio(tally.typed[t], size):8.3f} "
                    f"{ratio(tally.full[t], size):8.3f} {ratio(tally.first[t], size):6.3f}")
        if n < len(pred_types):
            t = pred_types[n]
            right = (f"{t:10} {tally.predicted[t]:5} "
                     f"{ratio(tally.off[t], tally.predicted[t]):8.3f}")
        lines.append(f"{left:47}   {right}".rstrip())
    total = sum(tally.sentences.values())
    predicted = sum(tally.predicted.values())
    lines.append(f"{'all':10} {total:5} {ratio(sum(tally.typed.values()), total):8.3f} "
                 f"{ratio(sum(tally.full.values()), total):8.3f} "
                 f"{ratio(sum(tally.first.values()), total):6.3f}   {'all':10} {predicted:5} "
                 f"{ratio(sum(tally.off.values()), predicted):8.3f}")
    lines.append(
        f"plv: type_recall={ratio(sum(tally.typed.values()), total):.3f} "
        f"full_recall={ratio(sum(tally.full.values()), total):.3f} "
        f"first_type={ratio(sum(tally.first.values()), total):.3f} "
        f"off_type={ratio(sum(tally.off.values()), predicted):.3f}")
    return "\n".join(lines)


def evaluate_plv(gold: Path, limit: int | None = None, coder: Coder | None = None) -> str:
    tally = PlvTally.empty()
    for sentence, record in code_plv(read_plv(gold, limit), coder):
        tally.add(sentence, record)
    return report(tally)
