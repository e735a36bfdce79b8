"""Near-duplicate articles: syndicated copies of one story with small edits (another
headline, a trimmed paragraph, a different byline) are one article told by several outlets.

Copies with the very same text are one stored article already (`origins`). For the others,
each article's text is cut into shingles (`SHINGLE_WORDS` words in a row, lower case); a
MinHash signature of them (`minhash`: CRC-32 of each shingle under `BANDS` x `ROWS` seeded
affine permutations, in numpy) is cut into `BANDS` bands of `ROWS` values, stored
in `article_bands`: articles sharing a band are candidates (locality-sensitive hashing:
about 98% of the pairs whose shingles are 50% alike share one, about 20% of those 20%
alike), found by the band index instead of a scan of all articles. A candidate is a
near-duplicate when the Jaccard similarity of the two shingle sets, computed exactly from
the texts, is at least `MIN_JACCARD`, or when the smaller text is nearly all in the larger
(`MIN_CONTAINMENT`) and at least half its length.

Near-duplicates form groups (linked pairs, transitively); the group's smallest article id is
its canonical article, and each other member has a row in `near_duplicates`. Each copy keeps
its own text, record and reports; its reports merge into the events of the others by the
merge rules (their sentences share their words), and the events count the group's articles
as one (`merge.count_articles`) and its outlets each (`n_sources`). The groups depend only on
the texts stored, not on the order they came in.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

import numpy as np
from sqlalchemy import Connection, delete, select

from . import schema as t
from .fast_insert import fast_insert, id_batches
from .merge import recount_articles

SHINGLE_WORDS = 5
BANDS = 30
ROWS = 3
#: Texts with fewer shingles than this are too short to tell a copy from a formula.
MIN_SHINGLES = 20
MIN_JACCARD = 0.5
MIN_CONTAINMENT = 0.9

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[str]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {" ".join(words[i:i + SHINGLE_WORDS])
            for i in range(max(len(words) - SHINGLE_WORDS + 1, 0))}


#: The Mersenne prime 2^31 - 1: hashes and permutation factors below it keep a * h + b
#: within 64 bits.
_PRIME = (1 << 31) - 1
_FACTORS = np.random.default_rng(1).integers(1, _PRIME, size=(2, BANDS * ROWS),
                                             dtype=np.uint64)


def minhash(parts: set[str]) -> np.ndarray:
    """The MinHash signature of a set of shingles: for each of `BANDS` x `ROWS` seeded
    permutations h -> (a h + b) mod p of the shingles' CRC-32 values, the least value."""
    hashes = np.fromiter((zlib.crc32(p.encode("utf-8")) % _PRIME for p in parts),
                         dtype=np.uint64, count=len(parts))
    a, b = _FACTORS
    return ((hashes[:, None] * a + b) % _PRIME).min(axis=0)


def bands(parts: set[str]) -> list[str]:
    """The LSH bands of a set of shingles: '<band>:<hash of its MinHash values>'."""
    values = minhash(parts)
    return [f"{b}:" + hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(),
                                      digest_size=8).hexdigest() for b in range(BANDS)]


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """Jaccard similarity of two shingle sets, and how much of the smaller is in the larger."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def near_duplicate(a: set[str], b: set[str]) -> bool:
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    jaccard, containment = similarity(a, b)
    return jaccard >= MIN_JACCARD or (
        containment >= MIN_CONTAINMENT and min(len(a), len(b)) >= max(len(a), len(b)) / 2)


def link_near_duplicates(conn: Connection, article_id: str, text: str) -> list[str]:
    """Store the bands of a new article and join it to the group of its near-duplicates;
    the articles of that group (empty when it has none)."""
    mine = shingles(text)
    if len(mine) < MIN_SHINGLES:
        return []
    keys = bands(mine)
    b = t.article_bands
    conn.execute(b.insert(), [{"band": key, "article_id": article_id} for key in keys])
    candidates = sorted(set(conn.scalars(select(b.c.article_id).distinct().where(
        b.c.band.in_(keys), b.c.article_id != article_id))))
    texts = _texts(conn, candidates)
    matched = [c for c in candidates if near_duplicate(mine, shingles(texts[c]))]
    if not matched:
        return []
    group = _groups_of(conn, matched) | {article_id}
    regroup(conn, group, {article_id: mine})
    return sorted(group)


def link_many(conn: Connection, articles: list[tuple[str, str]]) -> dict[str, int]:
    """`link_near_duplicates` for many new articles ((id, text), in order) in one pass:
    their bands stored and their candidates read in a statement each, each group written
    once. For each article, the size of its group when it came (0 when it had none)."""
    parts = {key: mine for key, text in articles if len(mine := shingles(text)) >= MIN_SHINGLES}
    keys = {key: bands(mine) for key, mine in parts.items()}
    b = t.article_bands
    fast_insert(conn, b, [{"band": band, "article_id": key}
                          for key, bands_of in keys.items() for band in bands_of])
    # the articles sharing a band with each: a join of the bands with themselves returns
    # only the shared ones
    theirs = b.alias("theirs")
    sharing: dict[str, set[str]] = {key: set() for key in keys}
    for part in id_batches(sorted(keys)):
        for key, candidate in conn.execute(
                select(b.c.article_id, theirs.c.article_id)
                .join(theirs, theirs.c.band == b.c.band)
                .where(b.c.article_id.in_(part), theirs.c.article_id != b.c.article_id)):
            sharing[key].add(candidate)
    order = {key: n for n, (key, _) in enumerate(articles)}
    # candidates stored before each article: stored ones, and earlier ones of the batch
    candidates = {key: sorted(c for c in found if order.get(c, -1) < order[key])
                  for key, found in sharing.items()}
    texts = _texts(conn, {c for cs in candidates.values() for c in cs if c not in order})
    known = parts | {key: shingles(text) for key, text in texts.items()}
    matches = {key: matched for key, cs in candidates.items()
               if (matched := [c for c in cs if near_duplicate(parts[key], known[c])])}
    stored = [c for matched in matches.values() for c in matched if c not in order]
    # the stored groups of the stored articles matched
    nd = t.near_duplicates
    groups: dict[str, set[str]] = {}
    for member, canonical in conn.execute(select(nd.c.article_id, nd.c.canonical_id).where(
            nd.c.canonical_id.in_(sorted(_groups_of(conn, sorted(set(stored))))))):
        groups.setdefault(canonical, {canonical}).add(member)
    group_of = {member: group for group in groups.values() for member in group}
    sizes: dict[str, int] = {}
    for key, _ in articles:
        group = group_of.setdefault(key, {key})
        for other in matches.get(key, ()):
            group |= group_of.setdefault(other, {other})
        for member in group:
            group_of[member] = group
        sizes[key] = len(group) if key in matches else 0
    done: set[str] = set()
    for key in matches:
        if key not in done:
            regroup(conn, group_of[key], {m: parts[m] for m in group_of[key] if m in parts})
            done |= group_of[key]
    return sizes


def _texts(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    a = t.articles
    return dict(conn.execute(select(a.c.id, a.c.text).where(a.c.id.in_(sorted(ids)))).all())


def _groups_of(conn: Connection, article_ids: list[str]) -> set[str]:
    """These articles and every member of their groups."""
    nd = t.near_duplicates
    canonical = {row.canonical_id for row in conn.execute(
        select(nd.c.canonical_id).where(nd.c.article_id.in_(article_ids)))}
    canonical |= set(article_ids)
    members = set(conn.scalars(select(nd.c.article_id).where(
        nd.c.canonical_id.in_(sorted(canonical)))))
    return canonical | members


def regroup(conn: Connection, group: set[str], known: dict[str, set[str]]) -> None:
    """Make `group` one group of near-duplicates under its smallest article id."""
    nd = t.near_duplicates
    canonical = min(group)
    texts = _texts(conn, group - set(known))
    parts = {**{key: shingles(text) for key, text in texts.items()}, **known}
    conn.execute(delete(nd).where(nd.c.article_id.in_(sorted(group))))
    rows = []
    for member in sorted(group - {canonical}):
        jaccard, containment = similarity(parts[member], parts[canonical])
        rows.append({"article_id": member, "canonical_id": canonical,
                     "similarity": round(jaccard, 4),
                     "why": f"near-duplicate of {canonical}: {SHINGLE_WORDS}-word shingles "
                            f"Jaccard {jaccard:.2f}, containment {containment:.2f} "
                            f"(MinHash LSH, {BANDS}x{ROWS})"})
    conn.execute(nd.insert(), rows)
    recount_articles(conn, group)
