"""``load_demo()``: every domain's demo, loaded in order in one transaction."""

from __future__ import annotations

from django.db import transaction

from maillage.demo.loaders.activity import load_activity
from maillage.demo.loaders.ctgs import DemoLogin, load_ctgs
from maillage.demo.loaders.governance import load_governance
from maillage.demo.loaders.network import load_network
from maillage.demo.loaders.plans import load_plans


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create (or refresh) the demo and return the logins to print.

    Each loader reads what the previous ones wrote: the plans name the CTGs' teams, the
    directory names the plans' organisations, the meetings invite the directory's
    contacts, the journals link the meetings, interactions and fiches.
    """
    logins, detailed = load_ctgs()
    load_plans(detailed)
    load_network(detailed)
    load_governance(detailed)
    load_activity(detailed)
    return logins
