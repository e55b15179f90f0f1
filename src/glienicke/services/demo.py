"""The demo: its cases, and accounts of several clearances to see them through."""

from __future__ import annotations

from dataclasses import dataclass

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as, current_actor
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets
from glienicke.services.access import NotSignedIn
from glienicke.services.database import Database
from glienicke.services.duties import seed_demo_duties

DEMO_PASSWORD = "glienicke-demo"  # documented in the README; for the demo database only
DEMO_LOADER = "demo-records"  # reloads the demo when it is set up again with nobody named


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    roles: tuple[str, ...]
    clearance: str
    groups: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount("demo-admin", "Demo Administrator", ("administrator",), "unclassified"),
    DemoAccount("demo-officer", "Demo Case Officer", ("case-officer",), "secret", ("gorin-team",)),
    DemoAccount(
        "demo-negotiator",
        "Demo Negotiator",
        ("negotiator", "legal-adviser"),
        "top-secret",
        ("gorin-team", "ivanov-team"),
    ),
    DemoAccount(
        "demo-principal",
        "Demo Principal",
        ("principal",),
        "top-secret",
        ("gorin-team", "ivanov-team"),
    ),
    DemoAccount(
        "demo-records",
        "Demo Records Officer",
        ("records-officer",),
        "top-secret",
        ("gorin-team", "ivanov-team"),
    ),
    DemoAccount("demo-auditor", "Demo Auditor", ("auditor",), "confidential"),
    DemoAccount("demo-guest", "Demo Reader, uncleared", ("reader",), "unclassified"),
)


def set_up_demo(db: Database, *, overwrite: bool = False) -> tuple[datasets.LoadReport, bool]:
    """On a database with no accounts: the demo accounts and cases. Otherwise the cases only,
    loaded by the signed-in user (who needs the load permission); a demo record someone has
    changed since is put back only with `overwrite`, and otherwise the load is refused
    (`datasets.WouldOverwrite`, naming them) with nothing changed. (report, accounts made)"""
    if accounts.has_accounts(db):
        if current_actor().viewer is not None:
            report = datasets.load_demo(db, overwrite=overwrite)
            seed_demo_duties(db)
            return report, False
        # Run again on the demo database with nobody named: its records officer reloads it
        # (which changes nothing when it is loaded already).
        if not accounts.accounts_named(db, {DEMO_LOADER}):
            raise NotSignedIn(
                "this database already has accounts: name one that may load datasets"
                " (--as NAME or GLIENICKE_USER) to load the demo cases into it"
            )
        with acting_as("setup:demo", "local", Viewer.of(accounts.user_named(db, DEMO_LOADER))):
            report = datasets.load_demo(db, overwrite=overwrite)
            seed_demo_duties(db)
            return report, False
    users = [
        (
            User(
                username=a.username,
                name=a.name,
                roles=[Role(r) for r in a.roles],
                clearance=Classification(a.clearance),
                groups=list(a.groups),
            ),
            DEMO_PASSWORD,
        )
        for a in DEMO_ACCOUNTS
    ]
    with acting_as("setup:demo", "local"):
        report = datasets.bootstrap_demo(db)
        seed_demo_duties(db)
        accounts.create_first_accounts(db, users)
    return report, True
