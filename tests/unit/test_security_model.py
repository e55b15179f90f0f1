"""Roles, permissions, back-off and password rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from glienicke.domain.documents import Classification
from glienicke.security.model import (
    LOCK_AFTER,
    PERMISSIONS,
    Permission,
    Role,
    User,
    level,
    password_problems,
)
from glienicke.security.passwords import (
    check_password,
    hash_password,
    new_token,
    same_secret,
    split_token,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_clearance_levels_are_ordered() -> None:
    assert [level(c) for c in Classification] == [0, 1, 2, 3]


def test_every_role_has_its_row_in_the_permissions_table() -> None:
    assert set(PERMISSIONS) == set(Role)


def test_only_administrators_manage_users_and_only_records_officers_declassify() -> None:
    assert [r for r in Role if Permission.MANAGE_USERS in PERMISSIONS[r]] == [Role.ADMINISTRATOR]
    assert [r for r in Role if Permission.DECLASSIFY in PERMISSIONS[r]] == [Role.RECORDS_OFFICER]


def test_permissions_are_the_union_of_roles_and_none_when_inactive() -> None:
    user = User(username="ann", name="Ann", roles=[Role.CASE_OFFICER, Role.AUDITOR])
    assert user.may(Permission.EDIT_CASES) and user.may(Permission.VIEW_AUDIT)
    assert not user.may(Permission.EDIT_PROPOSALS)
    user.active = False
    assert user.permissions == frozenset()


def test_user_names_and_groups_are_checked() -> None:
    bad = User(
        username="Ann Smith",
        name=" ",
        roles=[Role.PRINCIPAL, Role.PRINCIPAL],
        groups=["ok", "No Way"],
    )
    assert [p.where for p in bad.problems()] == ["username", "name", "roles", "groups[1]"]


def test_failed_sign_ins_back_off_then_lock() -> None:
    user = User(username="ann", name="Ann")
    user.failed_login(NOW)
    user.failed_login(NOW)
    assert user.retry_after is None  # two mistakes cost nothing
    user.failed_login(NOW)
    assert user.retry_after == NOW + timedelta(seconds=1)
    user.failed_login(NOW)
    assert user.retry_after == NOW + timedelta(seconds=2)
    for _ in range(LOCK_AFTER - 4):
        user.failed_login(NOW)
    assert user.locked
    user.logged_in()
    assert not user.locked and user.retry_after is None


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("correct horse battery", True),
        (" padded password ", False),
    ],
)
def test_passwords_need_length_not_composition(password: str, ok: bool) -> None:
    assert (password_problems(password) == []) is ok


def test_password_hashes_are_argon2id_and_verify() -> None:
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert check_password(hashed, "correct horse battery")
    assert not check_password(hashed, "wrong horse battery")
    assert not check_password(None, "anything at all")
    assert not check_password("not a hash", "anything at all")


def test_tokens_split_and_match_only_their_own_secret() -> None:
    token_id, plain, hashed = new_token()
    parts = split_token(plain)
    assert parts is not None and parts[0] == token_id
    assert same_secret(hashed, parts[1]) and not same_secret(hashed, parts[1] + "x")
    assert split_token("glk_only") is None and split_token("xyz_a_b") is None
