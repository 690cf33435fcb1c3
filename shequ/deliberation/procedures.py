"""Procedures as data (R-DLB-2): the templates a topic (议题) walks, step by step.

Two templates are built in — 四议两公开 (``four_two``) and 五步工作法 (``five_steps``). A
deployment adds its own, or replaces a built-in one under the same code, in the
``[procedures]`` section of its deliberation TOML file (``SHEQU_DELIBERATION_CONFIG``)::

    [procedures.council_first]
    name = "议事会先议"
    [[procedures.council_first.steps]]
    code = "council_discusses"     # unique within the template
    name = "居民议事会商议"
    performer = "council"          # a choices.BodyKind, or "party_organisation"
    motion = true                  # needs a passed motion of a meeting of that body kind
    decides = false                # the deciding step (R-DLB-3: all-residents matters)
    publish = ""                   # a PublicationKind posted on the board when done
    documents = false              # needs documents uploaded with the step
    evaluation = false             # once done, residents rate the outcome

A topic copies its template's steps when it is created (``Topic.steps``): a later change of
the template does not change a topic already under way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .choices import BodyKind
from .config import deliberation_config
from .models.board import PublicationKind

PARTY_ORGANISATION = "party_organisation"  # the community party organisation (its staff)


def performer_label(performer: str) -> str:
    if performer == PARTY_ORGANISATION:
        return str(_("Community party organisation"))
    if performer in BodyKind.values:
        return str(BodyKind(performer).label)
    return performer


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    performer: str
    motion: bool = False
    decides: bool = False
    publish: str = ""
    documents: bool = False
    evaluation: bool = False

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def performer_label(self) -> str:
        return performer_label(self.performer)

    @property
    def body_kind(self) -> str:
        """The body kind whose passed motion the step needs ("" when it needs none)."""
        return self.performer if self.motion and self.performer in BodyKind.values else ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    steps: tuple[Step, ...]
    builtin: bool = False

    @property
    def label(self) -> str:
        return gettext(self.name)

    def snapshot(self) -> list[dict]:
        """The steps as a topic keeps them (JSON)."""
        return [step.as_dict() for step in self.steps]


# Built-in names are English msgids (translated when shown: ``Step.label``); a deployment's
# templates name their steps in its own words, shown as written.
FOUR_TWO = Procedure(
    code="four_two",
    name=gettext_noop("Four deliberations, two disclosures"),
    builtin=True,
    steps=(
        Step("branch_proposes", gettext_noop("Party branch proposes"), PARTY_ORGANISATION),
        Step("committees_discuss", gettext_noop("Two committees discuss"),
             BodyKind.JOINT_COMMITTEES, motion=True),
        Step("members_review", gettext_noop("Party members review"),
             BodyKind.PARTY_MEMBERS_ASSEMBLY, motion=True),
        Step("representatives_decide", gettext_noop("Residents' representatives decide"),
             BodyKind.REPRESENTATIVES_ASSEMBLY, motion=True, decides=True),
        Step("decision_published", gettext_noop("Decision published"),
             BodyKind.RESIDENTS_COMMITTEE, publish=PublicationKind.DECISION),
        Step("outcome_published", gettext_noop("Outcome published and publicly evaluated"),
             BodyKind.RESIDENTS_COMMITTEE, publish=PublicationKind.OUTCOME, documents=True,
             evaluation=True),
    ),
)  # fmt: skip

FIVE_STEPS = Procedure(
    code="five_steps",
    name=gettext_noop("Five-step method"),
    builtin=True,
    steps=(
        Step("raised_in_public", gettext_noop("Raised in public"), BodyKind.RESIDENTS_COMMITTEE,
             publish=PublicationKind.TOPIC),
        Step("joint_discussion", gettext_noop("Discussed in joint meeting"),
             BodyKind.JOINT_UNITS),
        Step("decided_by_vote", gettext_noop("Decided by vote"),
             BodyKind.REPRESENTATIVES_ASSEMBLY, motion=True, decides=True,
             publish=PublicationKind.DECISION),
        Step("carried_out", gettext_noop("Carried out"), BodyKind.RESIDENTS_COMMITTEE,
             documents=True),
        Step("supervised", gettext_noop("Supervised"), BodyKind.SUPERVISION_COMMITTEE,
             publish=PublicationKind.OUTCOME, evaluation=True),
    ),
)  # fmt: skip

BUILTIN = {p.code: p for p in (FOUR_TWO, FIVE_STEPS)}
STEP_KEYS = {"code", "name", "performer", "motion", "decides", "publish", "documents",
             "evaluation"}  # fmt: skip


def _configured(code: str, raw) -> Procedure:
    """A template from the configuration, checked: every fault names the template and step."""
    where = f"[procedures.{code}]"
    if len(code) > 40:
        raise ImproperlyConfigured(f"{where}: a code of at most 40 characters")
    if not isinstance(raw, dict) or not raw.get("name") or not raw.get("steps"):
        raise ImproperlyConfigured(f"{where} needs a name and at least one step")
    if len(str(raw["name"])) > 80:
        raise ImproperlyConfigured(f"{where}: a name of at most 80 characters")
    steps, seen = [], set()
    for n, item in enumerate(raw["steps"], start=1):
        if not isinstance(item, dict):
            raise ImproperlyConfigured(f"{where} step {n} is not a table")
        unknown = set(item) - STEP_KEYS
        if unknown:
            raise ImproperlyConfigured(f"{where} step {n}: unknown keys {sorted(unknown)}")
        if not item.get("code") or not item.get("name"):
            raise ImproperlyConfigured(f"{where} step {n} needs a code and a name")
        if len(str(item["code"])) > 40 or len(str(item["name"])) > 80:
            raise ImproperlyConfigured(f"{where} step {n}: code over 40 or name over 80 characters")
        if item["code"] in seen:
            raise ImproperlyConfigured(f"{where} step {n}: code {item['code']!r} twice")
        seen.add(item["code"])
        performer = item.get("performer", "")
        if performer != PARTY_ORGANISATION and performer not in BodyKind.values:
            raise ImproperlyConfigured(
                f"{where} step {n}: performer {performer!r} is neither a body kind "
                f"({', '.join(BodyKind.values)}) nor {PARTY_ORGANISATION!r}"
            )
        publish = item.get("publish", "")
        if publish and publish not in PublicationKind.values:
            raise ImproperlyConfigured(f"{where} step {n}: publish {publish!r} is no board kind")
        step = Step(
            code=str(item["code"]), name=str(item["name"]), performer=performer,
            motion=bool(item.get("motion", False)), decides=bool(item.get("decides", False)),
            publish=publish, documents=bool(item.get("documents", False)),
            evaluation=bool(item.get("evaluation", False)),
        )  # fmt: skip
        if step.motion and step.performer == PARTY_ORGANISATION:
            raise ImproperlyConfigured(f"{where} step {n}: a motion needs a body kind performer")
        steps.append(step)
    if sum(s.decides for s in steps) > 1:
        raise ImproperlyConfigured(f"{where} has more than one deciding step")
    return Procedure(code=code, name=str(raw["name"]), steps=tuple(steps))


def procedures() -> dict[str, Procedure]:
    """Every template by code: the built-in ones, then the deployment's (same code replaces)."""
    out = dict(BUILTIN)
    for code, raw in (deliberation_config().get("procedures") or {}).items():
        out[code] = _configured(code, raw)
    return out


def procedure_get(code: str) -> Procedure | None:
    return procedures().get(code)


def procedure_choices() -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in procedures().values()]


def steps_of(snapshot: list[dict]) -> list[Step]:
    """A topic's copied steps as ``Step`` values."""
    return [Step(**{k: v for k, v in item.items() if k in STEP_KEYS}) for item in snapshot]
