"""Excel round-trip of the plan d'actions: export to the workbook template, import it back.

The import checks the whole workbook first (:mod:`.read`); any bad row and nothing is
written, and the report lists the bad rows. Otherwise every write happens in one
transaction (:mod:`.write`), with the author in the history.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.core.tabular import more_errors

from .export import export_plan, exported_actions
from .read import ImportReport, Progress, RowError, read_plan
from .template import AXES, BUDGET, FICHES, INDICATORS, README, STEPS
from .write import write_plan

if TYPE_CHECKING:
    from maillage.accounts.models import User

    from ..models import ActionPlan

__all__ = [
    "AXES",
    "BUDGET",
    "FICHES",
    "INDICATORS",
    "README",
    "STEPS",
    "ImportReport",
    "Progress",
    "RowError",
    "export_plan",
    "exported_actions",
    "import_plan",
    "iter_errors",
    "iter_import",
]


def iter_import(
    plan: ActionPlan, by: User, file: Any
) -> Generator[Progress | ImportReport, None, None]:
    """Import a workbook in the export's template into the plan: all rows, or nothing.

    Checks the whole workbook first, then writes it in one transaction. Once the workbook
    is accepted, yields a :class:`Progress` before the transaction and as the fiches are
    written, and always ends with the :class:`ImportReport`. Stopping the iteration early
    rolls everything back. ``file`` is an uploaded file, a binary file object or bytes.
    """
    started = time.perf_counter()
    report = ImportReport()
    checked = read_plan(plan, file, report)
    if checked is None:
        yield report
        return
    data, ctx = checked
    # Before the transaction opens: a caller may stop here, or go on elsewhere (streaming).
    yield Progress(0, len(data.fiches))
    try:
        with transaction.atomic():
            yield from write_plan(data, ctx, by, report)
    except ValidationError as exc:
        # The reading mirrors the models' and services' rules; this is a last safety net.
        counts = ImportReport(errors=report.errors, error_count=report.error_count)
        counts.error("", None, "import refusé : " + " ".join(exc.messages))
        counts.duration = time.perf_counter() - started
        yield counts
        return
    report.duration = time.perf_counter() - started
    yield report


def import_plan(
    plan: ActionPlan,
    by: User,
    file: Any,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a workbook into the plan in one go (see :func:`iter_import`).

    ``progress(done, total)`` is called as the fiches are written, e.g. by a background
    task that shows a progress page.
    """
    for step in iter_import(plan, by, file):
        if isinstance(step, ImportReport):
            return step
        if progress is not None:
            progress(step.done, step.total)
    raise AssertionError("iter_import always ends with its report")  # pragma: no cover


def iter_errors(report: ImportReport) -> Iterator[RowError]:
    """The report's errors in workbook order (sheet, then row), then how many are not
    listed."""
    order = {name: i for i, name in enumerate([AXES, FICHES, BUDGET, STEPS])}
    yield from sorted(report.errors, key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    if report.hidden_errors:
        yield RowError("", None, more_errors(report.hidden_errors))
