"""Reads on the plan d'actions, scoped to what the user may see."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.params import parse_int
from maillage.network.models import Contact

from .enums import CLOSED_STATUSES, ActionStatus, Priority
from .models import Action, ActionPlan, Axis, Objective, Step

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from .models import ProgressAction


class _AxisActions(TypedDict):
    visible_actions: list[ProgressAction]


# An axis of plan_tree(), with the fiches the user sees.
TreeAxis: TypeAlias = "WithAnnotations[Axis, _AxisActions]"


def plan_of(convention: Convention) -> ActionPlan:
    """The CTG's plan (created empty the first time it is asked for)."""
    plan, _ = ActionPlan.objects.get_or_create(convention=convention)
    return plan


def visible_action_count(user: User, convention: Convention) -> int:
    """How many of the CTG's fiches the user sees (confidential ones only if allowed)."""
    return Action.objects.visible_to(user).filter(plan__convention=convention).count()


def visible_action_ids(user: User | None, convention: Convention | None) -> QuerySet[Action, int]:
    """The primary keys of the CTG's fiches the user may see (confidential ones only if
    allowed), as a subquery: no query of its own.

    The one rule for the records that link fiches (interactions, agenda items, decisions,
    journal entries, report facts): they show, and their forms offer, only these fiches; a
    save keeps the links to the others. Without a CTG (a Caf's own meetings), every fiche
    the user may see. Without a user (a directory contact, who has no account, sent the
    minutes of a meeting by e-mail), the CTG's fiches that are not confidential.
    """
    if user is None:
        if convention is None:
            return Action.objects.none().values_list("pk", flat=True)
        actions = Action.objects.filter(confidential=False)
    else:
        actions = Action.objects.visible_to(user)
    if convention is not None:
        actions = actions.filter(plan__convention=convention)
    return actions.order_by().values_list("pk", flat=True)


def visible_linked_actions(user: User | None, convention: Convention | None) -> QuerySet[Action]:
    """The fiches of :func:`visible_action_ids`, with their axis, in the plan's order: to
    prefetch on the records that link fiches, or to offer in their forms."""
    return (
        Action.objects.filter(pk__in=visible_action_ids(user, convention))
        .select_related("axis")
        .order_by("axis__number", "number")
    )


def get_action_for_user(user: User, convention: Convention, action_uuid: uuid.UUID) -> Action:
    """A fiche of this CTG the user may see; 404 for missing and not yours alike."""
    try:
        return (
            Action.objects.visible_to(user)
            .for_listing()
            .select_related("plan__convention__caf", "elu_referent")
            .get(plan__convention=convention, uuid=action_uuid)
        )
    except Action.DoesNotExist as exc:
        raise Http404("Fiche action introuvable.") from exc


def get_axis(plan: ActionPlan, axis_uuid: uuid.UUID) -> Axis:
    try:
        return plan.axes.get(uuid=axis_uuid)
    except Axis.DoesNotExist as exc:
        raise Http404("Axe introuvable.") from exc


def get_objective(plan: ActionPlan, objective_uuid: uuid.UUID) -> Objective:
    try:
        return Objective.objects.select_related("axis").get(axis__plan=plan, uuid=objective_uuid)
    except Objective.DoesNotExist as exc:
        raise Http404("Objectif introuvable.") from exc


def member_users(convention: Convention) -> QuerySet[User]:
    """The CTG's active members: who may pilot one of its fiches."""
    return User.objects.filter(
        convention_memberships__convention=convention, convention_memberships__is_active=True
    ).distinct()


def plan_pilots(convention: Convention) -> list[tuple[uuid.UUID, str]]:
    """Everyone a fiche of the CTG may be filtered by: members, then directory pilots."""
    users = [(u.uuid, u.full_name) for u in member_users(convention).order_by("full_name")]
    contacts = [
        (c.uuid, f"{c.full_name} (annuaire)")
        for c in Contact.objects.filter(
            convention=convention, piloted_actions__isnull=False
        ).distinct()
    ]
    return users + contacts


def plan_tree(user: User, plan: ActionPlan) -> list[TreeAxis]:
    """Axes with their objectifs and the visible fiches, in a fixed number of queries."""
    actions = Action.objects.visible_to(user).filter(plan=plan).for_listing()
    axes = list(
        plan.axes.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "number")),
            Prefetch("actions", queryset=actions, to_attr="visible_actions"),
        )
    )
    return axes


SORTS = {
    "ref": ("axis__number", "number"),
    "titre": ("title",),
    "statut": ("status",),
    "priorite": ("priority",),
    "pilote": ("pilot_sort",),
    "fin": ("end_date",),
    "avancement": ("progress",),
}


@dataclass(frozen=True)
class ActionFilters:
    status: str = ""
    theme: str = ""
    pilot: str = ""
    priority: str = ""
    late: bool = False
    year: int | None = None
    q: str = ""
    sort: str = "ref"
    descending: bool = False

    @classmethod
    def from_query(cls, params: dict[str, str]) -> ActionFilters:
        sort = params.get("tri", "ref")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        year = params.get("annee", "")
        return cls(
            status=params.get("statut", "") if params.get("statut") in ActionStatus.values else "",
            theme=params.get("thematique", "") if params.get("thematique") in Theme.values else "",
            pilot=params.get("pilote", "")[:36],
            priority=params.get("priorite", "")
            if params.get("priorite") in Priority.values
            else "",
            late=params.get("en_retard") == "1",
            year=parse_int(year, minimum=2000, maximum=2100),
            q=params.get("q", "").strip()[:100],
            sort=sort if sort in SORTS else "ref",
            descending=descending,
        )


def plan_actions(user: User, plan: ActionPlan, filters: ActionFilters) -> QuerySet[Action]:
    """The plan's fiches the user may see, filtered and sorted for the table."""
    qs = Action.objects.visible_to(user).filter(plan=plan).for_listing()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.theme:
        qs = qs.filter(themes__theme=filters.theme)
    if filters.pilot:
        try:
            wanted = uuid.UUID(filters.pilot)
            qs = qs.filter(Q(pilot__uuid=wanted) | Q(pilot_contact__uuid=wanted))
        except ValueError:
            qs = qs.none()
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.late:
        qs = qs.filter(is_late=True)
    if filters.year:
        start = datetime.date(filters.year, 1, 1)
        end = datetime.date(filters.year, 12, 31)
        qs = qs.filter(
            (Q(start_date__isnull=True) | Q(start_date__lte=end))
            & (Q(end_date__isnull=True) | Q(end_date__gte=start))
        )
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    if filters.sort == "pilote":
        qs = qs.annotate(pilot_sort=Coalesce("pilot__full_name", "pilot_contact__last_name"))
    order = SORTS[filters.sort]
    if filters.descending:
        order = tuple(f"-{o}" for o in order)
    return qs.order_by(*order, "axis__number", "number")


# --------------------------------------------------------------------------- home page


def _overdue_steps(today: datetime.date) -> QuerySet[Step]:
    return Step.objects.filter(action=OuterRef("pk"), done=False, due_date__lt=today).order_by(
        "due_date", "position", "pk"
    )


def late_actions_for(
    user: User, convention_ids: Iterable[int], today: datetime.date
) -> list[ProgressAction]:
    """The late fiches of these CTGs the user sees, with why (one query).

    The lateness rule is :meth:`ActionQuerySet.with_progress`'s; each fiche also carries
    ``overdue_step`` and ``overdue_step_due``: its earliest step not done past its due date
    (None when only the end date has passed).
    """
    overdue = _overdue_steps(today)
    return list(
        Action.objects.visible_to(user)
        .filter(plan__convention_id__in=list(convention_ids))
        .with_progress(today)
        .filter(is_late=True)
        .annotate(
            overdue_step=Subquery(overdue.values("name")[:1]),
            overdue_step_due=Subquery(overdue.values("due_date")[:1]),
        )
        .select_related("axis", "plan__convention")
        .order_by("plan__convention__name", "end_date", "axis__number", "number")
    )


def steps_due_for(
    user: User, convention_ids: Iterable[int], today: datetime.date, days: int = 14
) -> list[Step]:
    """The steps not done, due from today to ``days`` ahead, of the fiches the user sees."""
    actions = Action.objects.visible_to(user).filter(plan__convention_id__in=list(convention_ids))
    return list(
        Step.objects.filter(
            action__in=actions.values("pk"),
            done=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("action__axis", "action__plan__convention")
        .order_by("due_date", "action__axis__number", "action__number", "position")
    )


def _open_steps() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=Step.objects.filter(done=False).order_by(
            F("due_date").asc(nulls_last=True), "position", "pk"
        ),
        to_attr="open_steps",
    )


def piloted_actions_for(user: User, today: datetime.date) -> list[ProgressAction]:
    """The open fiches the user pilots or co-pilots, with ``open_steps`` (two queries)."""
    mine = Action.objects.filter(Q(pilot=user) | Q(copilots=user)).values("pk")
    return list(
        Action.objects.visible_to(user)
        .filter(pk__in=mine)
        .exclude(status__in=CLOSED_STATUSES)
        .with_progress(today)
        .select_related("axis", "plan__convention")
        .prefetch_related(_open_steps())
        .order_by("plan__convention__name", "axis__number", "number")
    )


def referent_actions_for(user: User, today: datetime.date) -> list[ProgressAction]:
    """The open fiches the user is élu référent of, with ``open_steps`` (two queries)."""
    return list(
        Action.objects.visible_to(user)
        .filter(elu_referent=user)
        .exclude(status__in=CLOSED_STATUSES)
        .with_progress(today)
        .select_related("axis", "plan__convention")
        .prefetch_related(_open_steps())
        .order_by("plan__convention__name", "axis__number", "number")
    )


def late_reasons(
    action: Action, today: datetime.date, overdue: tuple[str, datetime.date] | None
) -> list[str]:
    """Why a fiche is late, in French, one clause per reason: its overdue step (``overdue``:
    the name and date of its first open step past its date) and its planned end passed.
    The fiche's page and the home page say it with these words."""
    reasons = []
    if overdue is not None:
        reasons.append(f"l'étape « {overdue[0]} » était prévue le {overdue[1]:%d/%m/%Y}")
    if action.end_date and action.end_date < today:
        reasons.append(f"la fin était prévue le {action.end_date:%d/%m/%Y}")
    return reasons


def first_overdue(steps: Iterable[Step], today: datetime.date) -> tuple[str, datetime.date] | None:
    """The name and date of the first open step past its date, if any."""
    overdue = [s for s in steps if not s.done and s.due_date and s.due_date < today]
    if not overdue:
        return None
    first = min(overdue, key=lambda s: s.due_date or today)
    assert first.due_date is not None
    return first.name, first.due_date


def late_reason(action: Action, steps: Iterable[Step], today: datetime.date) -> str:
    """Why a late fiche is late, as a sentence (« » when it is not). ``steps`` are the
    fiche's steps."""
    if not getattr(action, "is_late", False):
        return ""
    reasons = late_reasons(action, today, first_overdue(steps, today))
    return "En retard : " + " et ".join(reasons) + "." if reasons else ""


def completion_dates(action_ids: Iterable[int]) -> dict[int, datetime.date]:
    """The day each fiche became « réalisée », for those réalisée now (one query).

    Read in the fiche's history: the first record réalisée after the last one that was not.
    A fiche recorded as already réalisée when it was created (an imported plan) counts as
    completed on its planned end, when it has one and it has passed. Later edits of a fiche
    réalisée (a note, a pilot) do not move the day.
    """
    ids = list(action_ids)
    if not ids:
        return {}
    records = (
        Action.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "history_date", "history_type", "end_date")
    )
    completed: dict[int, datetime.date] = {}
    for action_id, status, moment, kind, end_date in records:
        if status != ActionStatus.REALISEE:
            completed.pop(action_id, None)
        elif action_id not in completed:
            day = timezone.localdate(moment)
            created_done = kind == "+" and end_date is not None
            completed[action_id] = min(end_date, day) if created_done else day
    return completed


# --------------------------------------------------------------------------- moving steps

# A planned end moved by more than this is not read as a shift of the steps.
MAX_SHIFT = datetime.timedelta(days=3660)


def step_date_bounds(action: Action, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates a step of the fiche may be moved to: from today to its planned end (or, with
    no planned end, to a year after the CTG's end). Empty (first after last) when the
    planned end has passed."""
    convention = action.plan.convention
    last = action.end_date or convention.end_date + datetime.timedelta(days=366)
    return today, last


def steps_to_move(action: Action, steps: Iterable[Step], today: datetime.date) -> list[Step]:
    """The fiche's steps not done that are overdue, or that fall after its planned end.
    ``steps`` are the fiche's steps (no query)."""
    end = action.end_date
    return [
        s
        for s in steps
        if not s.done and s.due_date and (s.due_date < today or (end and s.due_date > end))
    ]


@dataclass(frozen=True)
class StepMove:
    """A step the form offers to move: its situation and the date proposed for it."""

    step: Step
    proposed: datetime.date
    situation: str
    late: bool  # overdue
    after_end: bool  # due after the fiche's planned end


def _situation(step: Step, action: Action, today: datetime.date) -> str:
    if step.due_date is None:
        return "sans échéance"
    if step.due_date < today:
        return "en retard"
    if action.end_date and step.due_date > action.end_date:
        return "après la fin prévue de la fiche"
    return "à l'heure"


def proposed_due_date(
    due: datetime.date | None,
    *,
    shift: datetime.timedelta,
    bounds: tuple[datetime.date, datetime.date],
) -> datetime.date:
    """A step's new date: shifted as its fiche's end was, but not before today and not after
    the planned end (``bounds``). A step without a date gets today."""
    first, last = bounds
    moved = due or first
    if due is not None and abs(shift) <= MAX_SHIFT:
        try:
            moved = due + shift
        except OverflowError:  # a date at the end of the calendar
            moved = due
    return max(first, min(moved, last))


def step_moves(
    action: Action,
    steps: Iterable[Step],
    today: datetime.date,
    shift: datetime.timedelta = datetime.timedelta(0),
) -> list[StepMove]:
    """Each of ``steps`` with where it stands and the date proposed for it (see
    :func:`proposed_due_date`)."""
    bounds = step_date_bounds(action, today)
    return [
        StepMove(
            step=s,
            proposed=proposed_due_date(s.due_date, shift=shift, bounds=bounds),
            situation=_situation(s, action, today),
            late=bool(s.due_date and s.due_date < today),
            after_end=bool(s.due_date and action.end_date and s.due_date > action.end_date),
        )
        for s in steps
    ]


def end_shift(old_end: datetime.date | None, new_end: datetime.date | None) -> datetime.timedelta:
    """How far the planned end moved (nothing when either is unknown or the move is beyond
    reason)."""
    if old_end is None or new_end is None:
        return datetime.timedelta(0)
    shift = new_end - old_end
    return shift if abs(shift) <= MAX_SHIFT else datetime.timedelta(0)


def step_moves_title(moves: list[StepMove]) -> str:
    """« 3 étapes en retard : les reporter ? », and the like."""
    count = len(moves)
    if not count:
        return "Aucune étape à reporter"
    plural, pronoun = ("s", "les") if count > 1 else ("", "la")
    late = sum(m.late for m in moves)
    after = sum(m.after_end for m in moves)
    if late == count:
        where = " en retard"
    elif after == count:
        where = " après la fin prévue"
    elif late + after == count:
        where = " en retard ou après la fin prévue"
    else:
        where = ""
    return f"{count} étape{plural}{where} : {pronoun} reporter ?"
