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


def late_reason(action: Action, steps: Iterable[Step], today: datetime.date) -> str:
    """Why a late fiche is late, in French (« » when it is not): its first overdue step with
    its date, and its planned end if it has passed. ``steps`` are the fiche's steps."""
    if not getattr(action, "is_late", False):
        return ""
    reasons = []
    overdue = [s for s in steps if not s.done and s.due_date and s.due_date < today]
    if overdue:
        first = min(overdue, key=lambda s: s.due_date or today)
        reasons.append(f"l'étape « {first.name} » était prévue le {first.due_date:%d/%m/%Y}")
    if action.end_date and action.end_date < today:
        reasons.append(f"la fin était prévue le {action.end_date:%d/%m/%Y}")
    return "En retard : " + " et ".join(reasons) + "." if reasons else ""
