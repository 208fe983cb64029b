"""The status of a CTG is derived from its dates, the same way in Python and in SQL."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.conventions.enums import ConventionStatus
from maillage.conventions.models import Convention, status_for

from ..factories import CafFactory

D = datetime.date
START, END = D(2024, 1, 1), D(2028, 12, 31)
SIGNED = D(2023, 12, 15)

CASES = [
    # (signed_on, renewal_in_progress, today, expected)
    (None, False, D(2026, 6, 1), ConventionStatus.EN_PREPARATION),
    (None, False, D(2020, 6, 1), ConventionStatus.EN_PREPARATION),
    (SIGNED, False, D(2023, 12, 31), ConventionStatus.SIGNEE),
    (SIGNED, False, START, ConventionStatus.EN_COURS),
    (SIGNED, False, D(2026, 6, 1), ConventionStatus.EN_COURS),
    (SIGNED, False, END, ConventionStatus.EN_COURS),
    (SIGNED, False, D(2029, 1, 1), ConventionStatus.ECHUE),
    (SIGNED, True, D(2026, 6, 1), ConventionStatus.EN_RENOUVELLEMENT),
    (SIGNED, True, D(2029, 1, 1), ConventionStatus.EN_RENOUVELLEMENT),
    (None, True, D(2026, 6, 1), ConventionStatus.EN_RENOUVELLEMENT),
]
CASE_IDS = [f"{c[3].value}-{c[2].isoformat()}" for c in CASES]


def expected_status(signed_on, start, end, renewal, today):
    """The rule, stated once more in plain Python as the product describes it."""
    if renewal:
        return ConventionStatus.EN_RENOUVELLEMENT
    if signed_on is None:
        return ConventionStatus.EN_PREPARATION
    if today < start:
        return ConventionStatus.SIGNEE
    if start <= today <= end:
        return ConventionStatus.EN_COURS
    return ConventionStatus.ECHUE


@pytest.mark.parametrize(("signed_on", "renewal", "today", "expected"), CASES, ids=CASE_IDS)
def test_status_for_derives_the_status_from_the_dates(signed_on, renewal, today, expected):
    status = status_for(
        signed_on=signed_on, start=START, end=END, renewal_in_progress=renewal, today=today
    )

    assert status == expected


@pytest.mark.parametrize(("signed_on", "renewal", "today", "expected"), CASES, ids=CASE_IDS)
def test_the_with_status_annotation_gives_the_same_status(db, signed_on, renewal, today, expected):
    convention = Convention.objects.create(
        caf=CafFactory(),
        name="CTG à dater",
        start_date=START,
        end_date=END,
        signed_on=signed_on,
        renewal_in_progress=renewal,
    )

    annotated = Convention.objects.with_status(today=today).get(pk=convention.pk)

    assert annotated.status == expected
    assert annotated.current_status == expected


dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31))
periods = st.tuples(dates, st.integers(min_value=1, max_value=3000)).map(
    lambda p: (p[0], p[0] + datetime.timedelta(days=p[1]))
)


@settings(max_examples=30, deadline=None)
@given(period=periods, signed_on=st.none() | dates, renewal=st.booleans(), today=dates)
def test_status_for_follows_the_rule_for_any_dates(period, signed_on, renewal, today):
    start, end = period

    status = status_for(
        signed_on=signed_on, start=start, end=end, renewal_in_progress=renewal, today=today
    )

    assert status == expected_status(signed_on, start, end, renewal, today)


@pytest.fixture
def caf(db):
    return CafFactory()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(period=periods, signed_on=st.none() | dates, renewal=st.booleans(), today=dates)
def test_status_for_and_with_status_agree_for_any_dates(caf, period, signed_on, renewal, today):
    start, end = period
    convention = Convention.objects.create(
        caf=caf,
        name="CTG générée",
        start_date=start,
        end_date=end,
        signed_on=signed_on,
        renewal_in_progress=renewal,
    )
    try:
        annotated = Convention.objects.with_status(today=today).get(pk=convention.pk)
        assert annotated.status == status_for(
            signed_on=signed_on, start=start, end=end, renewal_in_progress=renewal, today=today
        )
    finally:
        convention.delete()


def test_the_status_filter_of_a_queryset_uses_the_same_rule(db):
    caf = CafFactory()
    today = D(2026, 6, 1)
    for name, signed_on, start, end, renewal in [
        ("prépa", None, D(2027, 1, 1), D(2031, 12, 31), False),
        ("signée", D(2026, 5, 1), D(2027, 1, 1), D(2031, 12, 31), False),
        ("en cours", SIGNED, START, END, False),
        ("échue", D(2019, 12, 1), D(2020, 1, 1), D(2025, 12, 31), False),
        ("renouvellement", D(2021, 12, 1), D(2022, 1, 1), D(2026, 12, 31), True),
    ]:
        Convention.objects.create(
            caf=caf,
            name=name,
            signed_on=signed_on,
            start_date=start,
            end_date=end,
            renewal_in_progress=renewal,
        )

    by_status = dict(Convention.objects.with_status(today=today).values_list("status", "name"))

    assert by_status == {
        ConventionStatus.EN_PREPARATION: "prépa",
        ConventionStatus.SIGNEE: "signée",
        ConventionStatus.EN_COURS: "en cours",
        ConventionStatus.ECHUE: "échue",
        ConventionStatus.EN_RENOUVELLEMENT: "renouvellement",
    }
