"""Schemathesis against the API's own OpenAPI document: requests generated from it, signed in
and not, never get a server error or a response that breaks the document."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from glienicke.security.model import User
from glienicke.services import accounts, datasets
from glienicke.services.database import Database
from glienicke.web.app import create_app

# A fixed budget and a fixed seed in the suite, so CI runs the same requests every time;
# GLIENICKE_FUZZ_EXAMPLES raises the budget (and randomises) for a longer hunt.
EXAMPLES_PER_OPERATION = int(os.environ.get("GLIENICKE_FUZZ_EXAMPLES", "10"))
DERANDOMIZE = "GLIENICKE_FUZZ_EXAMPLES" not in os.environ


@pytest.fixture
def world(db: Database, tester_account: User) -> tuple[Any, str]:
    datasets.load_demo(db)
    _token, plain = accounts.create_token(db, tester_account.username, "schemathesis")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(db))
    return schema, plain


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_the_api_keeps_to_its_schema(world: tuple[Any, str], signed_in: bool) -> None:
    schema, token = world
    headers = {"Authorization": f"Bearer {token}"} if signed_in else {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION * len(operations),
        deadline=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    def run(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(operations))
        case = data.draw(operation.as_strategy())
        # The document cannot carry every rule (a real stage order, an existing key), so a
        # refused schema-valid request is expected; a crash or an undocumented answer is not.
        case.call_and_validate(
            headers=headers,
            checks=[
                checks.not_a_server_error,
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
            ],
        )

    run()
