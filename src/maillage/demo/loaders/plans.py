"""The plans d'actions of the three detailed CTGs, with their indicators, and a light plan
(a few axes and fiches) for each other CTG.

Axes, objectifs, fiches actions (steps, budget lines, notes) and indicators with their
values. Every write goes through the plan services with the CDC as author, so the history
is recorded. Choices are drawn from a ``random.Random`` seeded with the CTG's slug: the
demo is the same on every run. Idempotent: a CTG whose plan already has axes is skipped.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention, ConventionMembership, ConventionTheme
from maillage.core.enums import Theme
from maillage.demo.data.ctgs import CONSEIL_DEPARTEMENTAL, MSA, ROLES
from maillage.demo.data.plans import (
    AXES,
    CATALOGUE,
    DEMO_TODAY,
    FONCT,
    LIGHT_AXES,
    LIGHT_COMMUNES,
    LOCAL_COMMUNES,
    MONTHS,
    NOTES,
    NOTES_START,
    SHARED_STRUCTURES,
    STRUCTURES,
    WINDOW_START,
    Fiche,
)
from maillage.demo.loaders.dates import month_end, month_start, months_between
from maillage.demo.loaders.indicators import create_indicators
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind
from maillage.organisations.models import Caf, Organisation
from maillage.plans.enums import ActionStatus, Participation, Priority
from maillage.plans.models import Action, ActionPlan, Axis, Objective
from maillage.plans.selectors import plan_of
from maillage.plans.services import (
    action_create,
    axis_create,
    budget_line_add,
    note_add,
    objective_create,
    step_add,
    step_toggle,
)
from maillage.territories.models import Commune

_CLOSED = (ActionStatus.REALISEE, ActionStatus.ABANDONNEE)


def _organisations(caf: Caf, convention: Convention, slug: str) -> dict[str, Organisation]:
    assert convention.epci is not None  # every demo CTG covers an EPCI (see ctgs.py)
    communes = {
        c.name: c for c in Commune.objects.filter(epci=convention.epci, departement__code="73")
    }
    orgs = {
        "caf": Organisation.objects.get(caf=caf, kind=OrganisationKind.CAF, name=caf.name),
        "cd": Organisation.objects.get(caf=caf, name=CONSEIL_DEPARTEMENTAL),
        "msa": Organisation.objects.get(caf=caf, name=MSA),
        "epci": Organisation.objects.get(caf=caf, name=convention.epci.name),
    }
    for role, (name, kind) in SHARED_STRUCTURES.items():
        orgs[role], _ = Organisation.objects.get_or_create(
            caf=caf, name=name, defaults={"kind": kind, "category": DEFAULT_CATEGORY[kind]}
        )
    for role, (name, kind, commune) in STRUCTURES[slug].items():
        orgs[role], _ = Organisation.objects.get_or_create(
            caf=caf,
            name=name,
            defaults={
                "kind": kind,
                "category": DEFAULT_CATEGORY[kind],
                "commune": communes.get(commune),
                "epci": convention.epci,
            },
        )
    return orgs


@dataclass
class Draft:
    """A fiche of the catalogue placed in a CTG's calendar, before it is written."""

    fiche: Fiche
    title: str
    description: str
    commune: str | None
    start: datetime.date
    end: datetime.date
    status: str


def _choose_fiches(rng: random.Random, slug: str, slots: set[str]) -> list[Fiche]:
    eligible = [f for f in CATALOGUE if set(f.slots) & slots and (not f.only or slug in f.only)]
    confidential = [f for f in eligible if f.confidential]
    public = [f for f in eligible if not f.confidential]
    rng.shuffle(public)
    chosen: list[Fiche] = rng.sample(confidential, 2)
    for slot in sorted(slots):
        if not any(slot in f.slots for f in chosen):
            chosen.append(next(f for f in public if slot in f.slots))
    wanted = rng.randint(27, 32)
    for fiche in public:
        if len(chosen) >= wanted:
            break
        if fiche not in chosen:
            chosen.append(fiche)
    order = {f.key: i for i, f in enumerate(CATALOGUE)}
    return sorted(chosen, key=lambda f: order[f.key])


def _status(roll: float, start: datetime.date, end: datetime.date) -> str:
    """A fiche's status from its dates: mostly done when past, under way when begun."""
    if end < DEMO_TODAY:
        return (
            ActionStatus.REALISEE
            if roll < 0.72
            else ActionStatus.EN_COURS
            if roll < 0.86
            else ActionStatus.ABANDONNEE
            if roll < 0.93
            else ActionStatus.BLOQUEE
        )
    if start <= DEMO_TODAY:
        return (
            ActionStatus.EN_COURS
            if roll < 0.72
            else ActionStatus.EN_PAUSE
            if roll < 0.84
            else ActionStatus.BLOQUEE
            if roll < 0.94
            else ActionStatus.EN_COURS
        )
    return ActionStatus.A_VENIR


def _schedule(
    rng: random.Random, convention: Convention, slug: str, fiches: list[Fiche]
) -> list[Draft]:
    window_start, window_end = WINDOW_START[slug], convention.end_date
    assert convention.epci is not None  # every demo CTG covers an EPCI (see ctgs.py)
    span = months_between(window_start, window_end)
    names = {role: name for role, (name, _kind, _commune) in STRUCTURES[slug].items()}
    communes = list(LOCAL_COMMUNES[slug])
    rng.shuffle(communes)
    drafts = []
    for fiche in fiches:
        commune = communes.pop() if fiche.commune and communes else None
        texts = {**names, "commune": commune or convention.epci.name}
        offset = (
            # A CTG being prepared: more fiches start in its first years.
            int(rng.triangular(0, max(span - 12, 0), 0))
            if convention.start_date > DEMO_TODAY
            else rng.randint(0, max(span - 12, 0))
        )
        start = month_start(window_start, offset)
        duration = rng.choice([6, 9, 12, 18, 24, 36])
        end = min(month_end(start, duration - 1), window_end)
        status = _status(rng.random(), start, end)
        drafts.append(
            Draft(
                fiche=fiche,
                title=fiche.title.format(**texts),
                description=fiche.description.format(**texts),
                commune=commune,
                start=start,
                end=end,
                status=status,
            )
        )
    # At least two late fiches per CTG (the earliest-starting public fiches, if needed).
    late = [d for d in drafts if d.end < DEMO_TODAY and d.status not in _CLOSED]
    candidates = sorted(
        (d for d in drafts if not d.fiche.confidential and d not in late),
        key=lambda d: (d.start, d.fiche.key),
    )
    for draft in candidates[: max(0, 2 - len(late))]:
        draft.start = min(draft.start, window_start)
        draft.end = datetime.date(2026, 9, 30)
        draft.status = ActionStatus.EN_COURS
    return drafts


def _note_date(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    high = min(high, DEMO_TODAY)
    if high <= low:
        return high
    return low + datetime.timedelta(days=rng.randint(0, (high - low).days))


def _create_fiche(
    rng: random.Random,
    plan: ActionPlan,
    draft: Draft,
    axis_of: dict[str, Axis],
    objectives: dict[str, Objective],
    orgs: dict[str, Organisation],
    team: Mapping[str, User | None],
    communes: dict[str, Commune],
) -> Action:
    fiche = draft.fiche
    cdc = team["cdc"]
    assert cdc is not None  # the author of every write
    weighted = [(team["cdc"], 4), (team["technicien"], 4), (team["partenaire"], 2)]
    members = [m for m, _ in weighted if m is not None]
    pilot = rng.choices(members, weights=[w for m, w in weighted if m is not None])[0]
    copilots = [m for m in members if m != pilot and rng.random() < 0.25]
    participation = (
        fiche.participation
        or rng.choices(
            [Participation.AUCUNE, Participation.INFORMATION, Participation.CONSULTATION],
            weights=[5, 3, 2],
        )[0]
    )
    action = action_create(
        plan=plan,
        by=cdc,
        axis=axis_of[fiche.axis],
        title=draft.title,
        description=draft.description,
        objectives=[objectives[s] for s in fiche.slots if s in objectives],
        themes=fiche.themes,
        publics=fiche.publics,
        pilot=pilot,
        copilots=copilots,
        notify=False,
        pilot_organisation=orgs[fiche.pilot_org],
        partners=[orgs[p] for p in fiche.partners if p != fiche.pilot_org],
        communes=[communes[draft.commune]] if draft.commune in communes else [],
        elu_referent=team.get("elu"),
        status=draft.status,
        priority=rng.choices([Priority.HAUTE, Priority.MOYENNE, Priority.BASSE], [3, 5, 2])[0],
        start_date=draft.start,
        end_date=draft.end,
        participation=participation,
        confidential=fiche.confidential,
    )

    # Steps, spread between start and end; done when past (never for à venir).
    count = rng.randint(2, min(5, len(fiche.steps)))
    names = (
        list(fiche.steps)
        if count == len(fiche.steps)
        else [*fiche.steps[: count - 1], fiche.steps[-1]]
    )
    length = (draft.end - draft.start).days
    pending = None
    done_count = 0
    for i, name in enumerate(names, start=1):
        due = draft.start + datetime.timedelta(days=length * i // len(names))
        step = step_add(action=action, by=cdc, name=name, due_date=due)
        done = draft.status == ActionStatus.REALISEE or (
            draft.status != ActionStatus.A_VENIR
            and due < DEMO_TODAY
            and (draft.end >= DEMO_TODAY or rng.random() < 0.6)
        )
        if draft.status in (ActionStatus.ABANDONNEE, ActionStatus.BLOQUEE) and i > 1:
            done = False
        if i == len(names) and draft.status != ActionStatus.REALISEE:
            done = False  # the last step closes the fiche
        if done:
            step_toggle(step=step, by=cdc)
            done_count += 1
        elif pending is None:
            pending = step

    # Budget: one to three lines, Caf first, then the EPCI and the département. What is
    # spent follows the steps done: nothing before the first one, all once the fiche is done.
    progress = Decimal(done_count) / len(names)
    nature, amount, label = fiche.budget
    years = list(range(draft.start.year, draft.end.year + 1))
    financeurs = [orgs["caf"], orgs["epci"], orgs["cd"]]
    for i in range(rng.randint(1, min(3, len(years) + 1))):
        year = years[min(i, len(years) - 1)]
        line_nature = nature if i == 0 else FONCT
        share = Decimal(amount) * rng.choice([3, 4, 5, 6]) / 10 / (i + 1)
        forecast = (share / 100).quantize(Decimal(1)) * 100
        actual = None
        past = year < DEMO_TODAY.year or (
            draft.status == ActionStatus.REALISEE and draft.end < DEMO_TODAY
        )
        if past and draft.status != ActionStatus.A_VENIR:
            ratio = Decimal(rng.randint(78, 104)) / 100 * progress
            if draft.status == ActionStatus.ABANDONNEE:
                ratio = min(Decimal(rng.randint(10, 30)) / 100, progress)
            actual = (forecast * ratio).quantize(Decimal(10)) or None
        budget_line_add(
            action=action,
            by=cdc,
            year=year,
            nature=line_nature,
            forecast=forecast,
            actual=actual,
            label=label if i == 0 else "Frais de fonctionnement",
            financeur=financeurs[i],
        )

    # Follow-up notes.
    texts = {
        "org": orgs[fiche.pilot_org].name,
        "pilot": pilot.full_name,
        "step": (pending or step).name,
        "start": f"{MONTHS[draft.start.month - 1]} {draft.start.year}",
    }
    if draft.status == ActionStatus.A_VENIR:
        note_add(
            action=action,
            by=cdc,
            text=rng.choice(NOTES[ActionStatus.A_VENIR]).format(**texts),
            date=_note_date(rng, DEMO_TODAY - datetime.timedelta(days=90), DEMO_TODAY),
        )
        return action
    opened = _note_date(rng, draft.start, draft.start + datetime.timedelta(days=45))
    note_add(action=action, by=cdc, text=rng.choice(NOTES_START).format(**texts), date=opened)
    if rng.random() < 0.7 or draft.status != ActionStatus.EN_COURS:
        is_late = draft.status == ActionStatus.EN_COURS and (
            draft.end < DEMO_TODAY
            or (
                pending is not None
                and pending.due_date is not None
                and pending.due_date < DEMO_TODAY
            )
        )
        pool = NOTES["late"] if is_late else NOTES[draft.status]
        later = _note_date(rng, opened + datetime.timedelta(days=30), draft.end)
        note_add(action=action, by=cdc, text=rng.choice(pool).format(**texts), date=later)
    return action


def _load_plan(slug: str, convention: Convention) -> None:
    plan = plan_of(convention)
    if plan.axes.exists():
        return
    rng = random.Random(slug)  # noqa: S311 — deterministic demo content, not security
    caf = convention.caf
    team = {role: User.objects.get(email=f"{role}.{slug}@example.org") for role in ROLES}
    cdc = team["cdc"]
    orgs = _organisations(caf, convention, slug)
    communes = {c.name: c for c in convention.communes.all()}

    axis_of: dict[str, Axis] = {}
    objectives: dict[str, Objective] = {}
    for key, title, description, slots in AXES[slug]:
        axis = axis_create(plan=plan, by=cdc, title=title, description=description)
        axis_of[key] = axis
        for slot, objective_title in slots.items():
            objectives[slot] = objective_create(axis=axis, by=cdc, title=objective_title)

    fiches = _choose_fiches(rng, slug, set(objectives))
    drafts = _schedule(rng, convention, slug, fiches)
    actions = {
        d.fiche.key: _create_fiche(rng, plan, d, axis_of, objectives, orgs, team, communes)
        for d in drafts
    }
    create_indicators(rng, convention, slug, cdc, actions, objectives)
    _date_completions(list(actions.values()))
    _cover_themes(convention, drafts)


def _cover_themes(convention: Convention, drafts: list[Draft]) -> None:
    """The CTG's thématiques include those of its plan's fiches."""
    for theme in sorted({t for d in drafts for t in d.fiche.themes}):
        ConventionTheme.objects.get_or_create(convention=convention, theme=theme)


def _load_light_plan(convention: Convention) -> None:
    """A few axes (the CTG's first thématiques), one objectif each, one or two fiches each,
    scheduled over the CTG's period like the detailed plans."""
    plan = plan_of(convention)
    if plan.axes.exists():
        return
    membership = (
        ConventionMembership.objects.filter(convention=convention, role=ConventionRole.CDC)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None or convention.epci is None:
        return
    cdc = membership.user
    rng = random.Random(f"light-{convention.name}")  # noqa: S311 — a reproducible demo
    caf = convention.caf
    orgs = {
        "caf": Organisation.objects.get(caf=caf, kind=OrganisationKind.CAF, name=caf.name),
        "cd": Organisation.objects.get(caf=caf, name=CONSEIL_DEPARTEMENTAL),
        "epci": Organisation.objects.get(caf=caf, name=convention.epci.name),
    }
    # « à {commune} » in the texts: no « à Le… », « à Les… ».
    larger = convention.communes.exclude(name__startswith="Le ").exclude(name__startswith="Les ")
    communes = {c.name: c for c in larger.order_by("-population", "name")[:LIGHT_COMMUNES]}
    own = set(convention.themes.values_list("theme", flat=True))
    themes = [t for t in Theme.values if t in own and t in LIGHT_AXES][: rng.choice([2, 3, 3])]
    axis_of: dict[str, Axis] = {}
    objectives: dict[str, Objective] = {}
    fiches: list[Fiche] = []
    for theme in themes:
        title, objective, catalogue = LIGHT_AXES[theme]
        axis_of[theme] = axis_create(plan=plan, by=cdc, title=title)
        objectives[f"{theme}_light"] = objective_create(
            axis=axis_of[theme], by=cdc, title=objective
        )
        fiches += rng.sample(catalogue, k=min(len(catalogue), rng.choice([1, 2, 2])))

    future = convention.start_date > DEMO_TODAY
    window_start = datetime.date(DEMO_TODAY.year, 1, 1) if future else convention.start_date
    span = months_between(window_start, convention.end_date)
    names = list(communes)
    drafts = []
    for fiche in fiches:
        commune = rng.choice(names) if fiche.commune and names else None
        texts = {"commune": commune or convention.epci.name, "epci": convention.epci.name}
        start = month_start(window_start, rng.randint(0, max(span - 12, 0) // (3 if future else 1)))
        end = min(month_end(start, rng.choice([9, 12, 18, 24]) - 1), convention.end_date)
        drafts.append(
            Draft(
                fiche=fiche,
                title=fiche.title.format(**texts),
                description=fiche.description.format(**texts),
                commune=commune,
                start=start,
                end=end,
                status=_status(rng.random(), start, end),
            )
        )
    team: dict[str, User | None] = {"cdc": cdc, "technicien": None, "partenaire": None}
    actions = [
        _create_fiche(rng, plan, d, axis_of, objectives, orgs, team, communes) for d in drafts
    ]
    _date_completions(actions)
    _cover_themes(convention, drafts)


def _date_completions(actions: list[Action]) -> None:
    """A fiche completed in the past reads as completed on its end date in its history (the
    annual report counts the fiches completed during the year from the history)."""
    for action in actions:
        if (
            action.status == ActionStatus.REALISEE
            and action.end_date
            and (action.end_date < DEMO_TODAY)
        ):
            moment = timezone.make_aware(
                datetime.datetime.combine(action.end_date, datetime.time(17, 0))
            )
            Action.history.filter(id=action.pk).update(history_date=moment)


def load_plans(conventions: dict[str, Convention]) -> None:
    """Write the plans d'actions of the detailed CTGs, given by team slug, and a light plan
    for each other CTG of their Caf."""
    for slug, convention in conventions.items():
        if slug in AXES:
            _load_plan(slug, convention)
    detailed = {c.pk for c in conventions.values()}
    others = (
        Convention.objects.filter(caf__in={c.caf_id for c in conventions.values()})
        .exclude(pk__in=detailed)
        .select_related("caf", "epci")
        .order_by("name")
    )
    for convention in others:
        _load_light_plan(convention)
