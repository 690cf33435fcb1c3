"""Suggestions on intake (R-CASE-1): a category from the request's words — a classifier trained
on the deployment's own closed cases, keyword rules until there are enough of them — the
handler the routing rules give for it, and open cases nearby that say the same.

The suggestion is advice with its reason; the call-taker chooses. The trained model lives in
one file under the data directory (``routing/model.joblib``, a JSON summary beside it), no
table: it is rebuilt whole by ``routing_train`` and reloaded by every process when the file
changes."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.scope import ancestor_paths, subtree_q
from shequ.core.words import words
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import FINAL_STATUSES, CaseStatus
from .models import Case, CaseCategory, Handler, RoutingRule

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
TRAINED_STATUSES = (CaseStatus.CLOSED, CaseStatus.RATED)


def _min_cases() -> int:
    return int(settings.SHEQU_ROUTING_MIN_CASES)


def _max_cases() -> int:
    # the newest cases only: segmenting and fitting a million texts would take minutes
    return int(settings.SHEQU_ROUTING_MAX_CASES)


def _window_days() -> int:
    return int(settings.SHEQU_DUPLICATE_WINDOW_DAYS)


def _duplicate_threshold() -> float:
    return float(settings.SHEQU_DUPLICATE_THRESHOLD)


def model_dir() -> Path:
    return Path(settings.DATA_DIR) / "routing"


# ----------------------------------------------------------------------------- classifier


@dataclass
class Classifier:
    """TF-IDF over the words of a text and a multinomial logistic regression; labels are
    whatever it was trained with (category ids from the database, codes in the report)."""

    vectorizer: object
    model: object
    labels: list

    def _vector(self, tokens: Sequence[str]):
        return self.vectorizer.transform([" ".join(tokens)])

    def knows_any(self, tokens: Sequence[str]) -> bool:
        """Whether any of the words was seen in training (else the answer is only a prior)."""
        return self._vector(tokens).nnz > 0

    def rank(self, tokens: Sequence[str]) -> list[tuple[Hashable, float]]:
        """Labels with their probabilities, most likely first."""
        probabilities = self.model.predict_proba(self._vector(tokens))[0]
        order = sorted(range(len(probabilities)), key=lambda i: -probabilities[i])
        return [(self.labels[i], float(probabilities[i])) for i in order]

    def explain(self, tokens: Sequence[str], label: Hashable, k: int = 3) -> list[str]:
        """The text's words that pushed most towards ``label``, strongest first."""
        vector = self._vector(tokens)
        i = self.labels.index(label)
        coef = self.model.coef_
        # with two classes scikit-learn keeps one row, for the second class
        row, sign = (coef[0], 1 if i == 1 else -1) if coef.shape[0] == 1 else (coef[i], 1)
        vocabulary = self.vectorizer.vocabulary_
        scored = []
        for word in dict.fromkeys(tokens):
            j = vocabulary.get(word)
            if j is not None:
                scored.append((sign * row[j] * vector[0, j], word))
        scored.sort(key=lambda s: -s[0])
        return [word for score, word in scored[:k] if score > 0]


def classifier_fit(docs: Sequence[Sequence[str]], labels: Sequence[Hashable]) -> Classifier:
    """Train on documents given as their words (``core.words.words``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    # the words are already cut: the analyzer only splits them again (str.split pickles
    # by name; a function of this module would tie the saved file to this module's layout)
    vectorizer = TfidfVectorizer(analyzer=str.split, sublinear_tf=True)
    matrix = vectorizer.fit_transform([" ".join(d) for d in docs])
    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(matrix, list(labels))
    return Classifier(vectorizer=vectorizer, model=model, labels=model.classes_.tolist())


# ----------------------------------------------------------------------------- rules


@lru_cache(maxsize=4096)
def _keyword_words(keyword: str) -> tuple[str, ...]:
    return tuple(words(keyword))


def keywords_split(text: str) -> list[str]:
    """A category's keywords field: comma-separated, Chinese or Latin commas."""
    return [k.strip() for k in text.replace("，", ",").replace("、", ",").split(",") if k.strip()]


def rules_rank(
    tokens: Iterable[str], keywords: dict[Hashable, Sequence[str]]
) -> list[tuple[Hashable, int, list[str]]]:
    """Labels whose keywords occur among the words, as (label, number of keywords hit, the
    keywords hit), most hits first; among equals the order of ``keywords`` decides. A
    keyword hits when it is one of the words, lies inside one (灯 in 灯光), or, when the
    segmenter cuts it in several (垃圾分类 → 垃圾 / 分类), all of them occur."""
    present = set(tokens)
    found = []
    for order, (label, keys) in enumerate(keywords.items()):
        hits = [k for k in keys if _hit(k.lower(), present)]
        if hits:
            found.append((len(hits), order, label, hits))
    found.sort(key=lambda f: (-f[0], f[1]))
    return [(label, n, hits) for n, _order, label, hits in found]


def _hit(keyword: str, present: set[str]) -> bool:
    if keyword in present or any(keyword in word for word in present):  # 灯 in 灯光
        return True
    parts = _keyword_words(keyword)
    return bool(parts) and all(p in present for p in parts)


# ----------------------------------------------------------------------------- the model file


def _case_text(title: str, description: str) -> str:
    # the summary is often the description's first words: the words count once per set
    # anyway, and the classifier's sublinear tf keeps a repeat from weighing double
    return f"{title}\n{description}"


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def routing_train(*, min_cases: int | None = None) -> dict:
    """Train the classifier on the closed cases that have a category and save it; with fewer
    than ``min_cases`` (``SHEQU_ROUTING_MIN_CASES``) or a single category, leave things as
    they are (routing keeps to the keyword rules). Returns a summary."""
    import joblib
    import sklearn

    min_cases = _min_cases() if min_cases is None else min_cases
    rows = list(
        Case.objects.filter(
            status__in=TRAINED_STATUSES, category__isnull=False, category__is_active=True
        )
        .order_by("-received_at", "-id")
        .values_list("category_id", "title", "description")[: _max_cases()]
    )
    labels = [r[0] for r in rows]
    if len(rows) < min_cases or len(set(labels)) < 2:
        return {"trained": False, "n_cases": len(rows), "min_cases": min_cases}
    docs = [words(_case_text(title, description)) for _c, title, description in rows]
    classifier = classifier_fit(docs, labels)
    counts = Counter(labels)
    names = dict(CaseCategory.objects.filter(pk__in=counts).values_list("pk", "code").order_by())
    summary = {
        "trained": True,
        "trained_at": timezone.now().isoformat(),
        "n_cases": len(rows),
        "categories": [{"id": pk, "code": names.get(pk, ""), "n": n} for pk, n in counts.items()],
        "sklearn": sklearn.__version__,
    }
    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    # plain scikit-learn objects only, so that the file does not depend on this module's names
    payload = {
        "version": FORMAT_VERSION,
        "sklearn": sklearn.__version__,
        "vectorizer": classifier.vectorizer,
        "model": classifier.model,
        "labels": classifier.labels,
    }
    _atomic_write(directory / "model.joblib", lambda f: joblib.dump(payload, f))
    _atomic_write(
        directory / "model.json",
        lambda f: f.write(json.dumps(summary, ensure_ascii=False, indent=1).encode()),
    )
    return summary


_loaded: dict = {"key": None, "classifier": None}
_load_lock = threading.Lock()


def routing_model() -> Classifier | None:
    """The saved classifier, read again when its file changed (another process retrained);
    None when there is none or it cannot be read (then the rules route)."""
    path = model_dir() / "model.joblib"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if _loaded["key"] == key:
        return _loaded["classifier"]
    with _load_lock:
        if _loaded["key"] != key:
            _loaded["classifier"] = _load(path)
            _loaded["key"] = key
    return _loaded["classifier"]


def routing_warm() -> None:
    """Load the word dictionary and the saved model now (a web worker calls this in the
    background as it starts), so that the first call taken does not wait seconds for them."""
    try:
        words("预热")
        routing_model()
    except Exception:  # a warm-up must never stop a worker; the first call loads them again
        log.exception("routing: warm-up failed")


def _load(path: Path) -> Classifier | None:
    import joblib
    import sklearn

    try:
        payload = joblib.load(path)
    except Exception:
        log.exception("routing: cannot read %s; routing by keywords", path)
        return None
    if payload.get("version") != FORMAT_VERSION or payload.get("sklearn") != sklearn.__version__:
        # a model pickled by another scikit-learn may predict wrongly without an error
        log.warning("routing: %s was saved by another version; retrain it", path)
        return None
    return Classifier(
        vectorizer=payload["vectorizer"], model=payload["model"], labels=payload["labels"]
    )


# ----------------------------------------------------------------------------- handler


def handler_for(*, category: CaseCategory | None, node) -> Handler | None:
    """The handler of the routing rule for the place: the deepest area containing the node
    wins; in one area a rule for the category (or its nearest parent category) comes before
    the area's rule for every category."""
    chain: list[int] = []  # the category, its parent, … (a loop in the tree ends the walk)
    while category is not None and category.pk not in chain:
        chain.append(category.pk)
        category = category.parent
    rules = (
        RoutingRule.objects.filter(
            area__path__in=ancestor_paths(node.path), handler__is_active=True
        )
        .filter(Q(category__isnull=True) | Q(category_id__in=chain))
        .select_related("handler", "area")
    )

    def rank(rule):
        specific = chain.index(rule.category_id) if rule.category_id else len(chain)
        return (-len(rule.area.path), specific)

    best = min(rules, key=rank, default=None)
    return best.handler if best is not None else None


# ----------------------------------------------------------------------------- duplicates


def _building_path(node) -> str | None:
    if node.kind == NodeKind.BUILDING:
        return node.path
    return (
        Node.objects.filter(path__in=ancestor_paths(node.path), kind=NodeKind.BUILDING)
        .order_by("-depth")
        .values_list("path", flat=True)
        .first()
    )


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Cosine of the two texts' word sets: shared words over the geometric mean of the sizes
    (a short report inside a longer one still scores, unlike with Jaccard)."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def duplicates_for(*, tokens: Sequence[str], node, at: dt.datetime, limit: int = 3) -> list[dict]:
    """Open cases received within the window before ``at`` in the same building (or at the
    same node where the place is above any building) whose words are close enough."""
    if not tokens:
        return []
    building = _building_path(node)
    where = subtree_q("node__path", building) if building else Q(node=node)
    since = at - dt.timedelta(days=_window_days())
    candidates = (
        Case.objects.filter(where, received_at__gte=since, received_at__lte=at)
        .exclude(status__in=FINAL_STATUSES)
        .order_by("-received_at", "-id")
        .values_list("pk", "number", "title", "description")[:200]
    )
    threshold = _duplicate_threshold()
    found = []
    for pk, number, title, description in candidates:
        score = similarity(tokens, words(_case_text(title, description)))
        if score >= threshold:
            found.append({"id": pk, "number": number, "title": title, "score": round(score, 2)})
    found.sort(key=lambda d: -d["score"])
    return found[:limit]


# ----------------------------------------------------------------------------- the suggestion


def _category_keywords() -> dict[CaseCategory, list[str]]:
    return {
        category: keywords_split(category.keywords)
        for category in CaseCategory.objects.filter(is_active=True).exclude(keywords="")
    }


def _by_model(classifier: Classifier, tokens: list[str]):
    ranked = classifier.rank(tokens)
    active = CaseCategory.objects.filter(is_active=True).in_bulk([label for label, _p in ranked])
    for label, p in ranked:
        category = active.get(label)
        if category is None:  # closed or deleted since training
            continue
        named = classifier.explain(tokens, label)
        if named:
            reason = _(
                "Words closest to closed cases of “%(category)s”: %(words)s (confidence %(p).2f)"
            ) % {"category": category.name, "words": "、".join(named), "p": p}
        else:
            reason = _("Closest to closed cases of “%(category)s” (confidence %(p).2f)") % {
                "category": category.name,
                "p": p,
            }
        return category, p, reason
    return None


def _by_rules(tokens: list[str]):
    ranked = rules_rank(tokens, _category_keywords())
    if not ranked:
        return None
    category, n, hits = ranked[0]
    # a smoothed share of all the hits: one lone keyword is not certainty
    confidence = n / (sum(r[1] for r in ranked) + 1)
    reason = _("Keywords of “%(category)s” found: %(words)s") % {
        "category": category.name,
        "words": "、".join(hits),
    }
    return category, confidence, reason


def route_suggest(*, text: str, node, at: dt.datetime | None = None) -> dict:
    """What to suggest for a new request's text at a place: category, handler, confidence,
    the reason in words, the method that decided, and likely duplicates."""
    at = at or timezone.now()
    tokens = words(text)
    found, method = None, "none"
    classifier = routing_model()
    if classifier is not None and tokens and classifier.knows_any(tokens):
        found, method = _by_model(classifier, tokens), "model"
    if found is None and tokens:
        found, method = _by_rules(tokens), "rules"
    if found is None:
        category, confidence, method = None, 0.0, "none"
        reason = _("No word of the text points to a category; choose one.")
    else:
        category, confidence, reason = found
    handler = handler_for(category=category, node=node)
    return {
        "category": (
            {"id": category.pk, "code": category.code, "name": category.name}
            if category is not None
            else None
        ),
        "handler": {"id": handler.pk, "name": handler.name} if handler is not None else None,
        "confidence": round(float(confidence), 3),
        "reason": str(reason),
        "method": method,
        "duplicates": duplicates_for(tokens=tokens, node=node, at=at),
    }
