"""The Python API: code articles end to end.

    >>> import eventcoder
    >>> record = eventcoder.code("Belarus urged the EU to lift sanctions.", published="2025-10-17")
    >>> [(e.type, e.source, e.target) for e in record.events]

`Coder` holds the knowledge base and lexicon (with any user files); `code` and
`code_articles` use a default one. Stages run in the order of the data flow:
annotate -> resolve -> interpret (time, attribution, events).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from . import settings
from .annotate import annotate_many
from .interpret.attribution import find_hedges, find_statements
from .interpret.events import EventContext, find_events
from .interpret.events.judge import Judge, ModelJudge
from .interpret.events.lexicon import load_triggers
from .interpret.events.model import load_model
from .interpret.time import find_times
from .knowledge.base import load_kb
from .model import Article, CodedArticle, Source
from .read.dates import note_undated, parse_checked
from .resolve.actors import group_actor, resolve


def root_chain(article: Article) -> list[Source]:
    """The outlet that published the article, then the agencies on its Source line."""
    chain = [Source(kind="outlet", name=article.outlet or "the publishing outlet",
                    why="article metadata" if article.outlet else "outlet not given")]
    chain += [Source(kind="wire", name=name, why="Source: line of the article")
              for name in article.sources]
    return chain


JudgeFactory = Callable[[Article], Judge | None]


class Coder:
    """Codes articles with one knowledge base and trigger lexicon (plus user files), and
    the learned event model unless `rules_only`. With `cross_validated`, an article that
    was a training sentence of the model is judged by the model of the fold that did not
    see it (for `eventcoder eval`). `judge` replaces the model (to train it)."""

    def __init__(self, kb_files: Sequence[str | Path] = (),
                 lexicon_files: Sequence[str | Path] = (), rules_only: bool = False,
                 cross_validated: bool = False, judge: JudgeFactory | None = None) -> None:
        self.kb = load_kb(kb_files)
        self.lexicon = load_triggers(tuple(Path(p).resolve() for p in lexicon_files))
        self.judge = None if rules_only else judge or _model_judge(cross_validated)

    def code_articles(self, articles: Iterable[Article], batch_size: int = settings.BATCH_SIZE,
                      on_error: Callable[[Article, Exception], None] | None = None,
                      ) -> Iterator[CodedArticle]:
        """Code many articles; spaCy runs over them in batches (`nlp.pipe`). With
        `on_error`, an article whose coding fails is passed to it and the others carry on;
        without, the error is raised."""
        pending: list[Article] = []

        def texts() -> Iterator[str]:
            for article in articles:
                pending.append(article)
                note_undated(article)
                if len(article.text) > settings.MAX_TEXT_CHARS:
                    article.problems.append(
                        f"text of {len(article.text):,} characters is over the limit of "
                        f"{settings.MAX_TEXT_CHARS:,}; not coded")
                    yield ""
                else:
                    yield article.text

        for doc in annotate_many(texts(), batch_size=batch_size):
            article = pending.pop(0)
            if not doc.text and article.text:
                yield CodedArticle(article=article)
                continue
            try:
                record = self._interpret(article, doc)
            except Exception as exc:  # one article's failure is reported, the others go on
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield record

    def code_article(self, article: Article) -> CodedArticle:
        return next(self.code_articles([article]))

    def _interpret(self, article: Article, doc: Doc) -> CodedArticle:
        published = article.published
        resolution = resolve(doc, self.kb, published)
        times = find_times(article.text, published, doc)
        root = root_chain(article)
        statements = find_statements(doc, resolution.mentions, root)
        events = find_events(EventContext(
            doc=doc, mentions=resolution.mentions, places=resolution.places, times=times,
            statements=statements, root=root, published=published,
            body_start=article.body_start, hedges=find_hedges(doc),
            countries={a.id: a.country for a in resolution.actors},
            sectors={a.id: a.sector for a in resolution.actors},
            judge=self.judge(article) if self.judge else None,
        ), self.lexicon)
        known = {a.id for a in resolution.actors}
        made = [a for e in events for a in (e.source, e.target) if a and a not in known]
        resolution.actors += [group_actor(actor_id, self.kb)
                              for actor_id in dict.fromkeys(made)]
        _name_sources(statements, events, resolution.actors)
        return CodedArticle(article=article, actors=resolution.actors,
                            mentions=resolution.mentions, places=resolution.places,
                            times=times,
                            statements=statements, events=events)


def _name_sources(statements: list, events: list, actors: list) -> None:
    """Source-chain links that are named actors read with the actor's name ('he' ->
    Lukashenko); groups keep the text's words ('journalists')."""
    names = {a.id: a.name for a in actors if a.kind != "group"}
    for chain in [*(s.chain for s in statements), *(e.attributed_to for e in events)]:
        for link in chain:
            if link.actor in names:
                link.name = names[link.actor]


def _model_judge(cross_validated: bool) -> JudgeFactory | None:
    model = load_model()
    if model is None:
        return None

    def judge(article: Article) -> ModelJudge:
        return ModelJudge(model, model.weights_for(article.text, cross_validated))

    return judge


_default: Coder | None = None


def default_coder() -> Coder:
    global _default
    if _default is None:
        _default = Coder()
    return _default


def make_article(text: str, published: date | str | None = None, title: str | None = None,
                 outlet: str | None = None, sources: Sequence[str] = (),
                 external_id: str | None = None) -> Article:
    return Article(text=text, title=title, outlet=outlet, sources=list(sources),
                   published=parse_checked(published), external_id=external_id)


def code(text: str, published: date | str | None = None, title: str | None = None,
         outlet: str | None = None, sources: Sequence[str] = (),
         external_id: str | None = None) -> CodedArticle:
    """Code one article's text; `published` anchors relative dates ('last week'). A
    publication date that cannot be read, or is outside the years times can be read
    from (`read.dates.EARLIEST`..`LATEST`), raises ValueError. `external_id`, your own id
    of the text, is kept in `record.article.external_id` (and by the store)."""
    return default_coder().code_article(
        make_article(text, published, title, outlet, sources, external_id))


def code_articles(articles: Iterable[Article],
                  batch_size: int = settings.BATCH_SIZE) -> Iterator[CodedArticle]:
    """Code many articles with the default knowledge base, batched through spaCy."""
    return default_coder().code_articles(articles, batch_size)
