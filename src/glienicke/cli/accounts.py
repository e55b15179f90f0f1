"""`glienicke user` and `glienicke token`: accounts and API tokens."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from glienicke.cli.common import (
    FormatOption,
    OutputFormat,
    cell,
    database,
    err,
    out,
    print_json,
    print_table,
)
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.security.model import User
from glienicke.services import accounts

user_app = typer.Typer(
    help="Accounts: roles, clearances, groups and passwords.", no_args_is_help=True
)
token_app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)

RoleOption = Annotated[list[str], typer.Option("--role", help="a role; repeat for several")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from standard input")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="lower-case sign-in name, e.g. ann")],
    name: Annotated[str, typer.Option(help="the person's name")],
    role: RoleOption,
    clearance: Annotated[
        str, typer.Option(help="unclassified, confidential, secret or top-secret")
    ] = "unclassified",
    group: Annotated[list[str] | None, typer.Option(help="a group; repeat for several")] = None,
    no_password: Annotated[bool, typer.Option(help="API tokens only; no sign-in")] = False,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account (asks for its password unless --no-password)."""
    if no_password and password_stdin:
        raise ValidationFailed.single(
            "--password-stdin", "give --no-password or --password-stdin, not both"
        )
    db = database()
    # Every argument is checked before the password is asked for, so a mistake costs no typing.
    accounts.check_new_user(
        db, accounts.new_user(username, name, roles=role, clearance=clearance, groups=group)
    )
    password = None if no_password else _password(password_stdin)
    user = accounts.add_user(
        db,
        username,
        name,
        roles=role,
        clearance=clearance,
        groups=group,
        password=password,
    )
    out.print(f"Added {user.username} ({', '.join(user.roles)}; {user.clearance.value})")


@user_app.command("link")
def user_link(
    username: Annotated[str, typer.Argument(help="whose account")],
    person: Annotated[
        str | None, typer.Argument(help="the key of the person record the account is")
    ] = None,
    none: Annotated[bool, typer.Option("--none", help="link the account to no person")] = False,
) -> None:
    """Say which person an account is: it may then record that person's clearance of a draft."""
    if (person is None) == (not none):
        raise ValidationFailed([Problem("person", "give a person's key, or --none to unlink")])
    user = accounts.link_person(database(), username, None if none else person)
    linked = f"linked to person {user.person}" if user.person else "linked to no person"
    out.print(f"{user.username} is {linked}")


@user_app.command("passwd")
def user_passwd(
    username: Annotated[str, typer.Argument(help="whose password")],
    password_stdin: PasswordStdin = False,
    keep_tokens: Annotated[
        bool,
        typer.Option(help="keep the user's API tokens (by default a new password revokes them)"),
    ] = False,
) -> None:
    """Set a user's password; signs out every browser and revokes the API tokens."""
    revoked = accounts.set_password(
        database(), username, _password(password_stdin), keep_tokens=keep_tokens
    )
    if keep_tokens:
        out.print(f"Password set for {username}; API tokens kept")
    else:
        plural = "" if revoked == 1 else "s"
        out.print(f"Password set for {username}; {revoked} API token{plural} revoked")


@user_app.command("grant")
def user_grant(
    username: Annotated[str, typer.Argument(help="who")],
    role: Annotated[str | None, typer.Option(help="a role to add")] = None,
    group: Annotated[str | None, typer.Option(help="a group to join")] = None,
    clearance: Annotated[str | None, typer.Option(help="the new clearance")] = None,
) -> None:
    """Give a user a role, a group or a clearance."""
    _print_user(accounts.grant(database(), username, role=role, group=group, clearance=clearance))


@user_app.command("revoke")
def user_revoke(
    username: Annotated[str, typer.Argument(help="who")],
    role: Annotated[str | None, typer.Option(help="a role to take away")] = None,
    group: Annotated[str | None, typer.Option(help="a group to leave")] = None,
) -> None:
    """Take a role or a group away from a user."""
    _print_user(accounts.revoke(database(), username, role=role, group=group))


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="who")]) -> None:
    """Clear a user's failed sign-ins after a lockout."""
    _print_user(accounts.unlock(database(), username))


@user_app.command("list")
def user_list(fmt: FormatOption = OutputFormat.text) -> None:
    """List accounts with their roles, clearance and groups."""
    rows = [_user_row(u) for u in accounts.list_users(database())]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(rows, "No users yet. Add one with `glienicke user add`.")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="whose token")],
    name: Annotated[str, typer.Option(help="what the token is for")],
    scope: Annotated[
        list[str] | None,
        typer.Option(help="a permission the token carries; repeat; default: all of the user's"),
    ] = None,
) -> None:
    """Create an API token; it is printed once and cannot be shown again."""
    token, plain = accounts.create_token(database(), username, name, scope)
    err.print(
        f"Token {token.id} for {username} ({', '.join(sorted(token.scopes))}). "
        "Keep it now; it cannot be shown again:"
    )
    sys.stdout.write(plain + "\n")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="the token's id")]) -> None:
    """Revoke an API token at once."""
    token = accounts.revoke_token(database(), token_id)
    out.print(f"Token {token.id} of {token.username} is revoked")


@token_app.command("list")
def token_list(
    username: Annotated[str | None, typer.Argument(help="only this user's")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """List API tokens (never their secrets)."""
    rows = [
        {
            "id": t.id,
            "user": t.username,
            "name": t.name,
            "scopes": sorted(t.scopes),
            "created": t.created_at.isoformat(timespec="seconds"),
            "revoked": None if t.revoked_at is None else t.revoked_at.isoformat(timespec="seconds"),
            "expires": None if t.expires_at is None else t.expires_at.isoformat(timespec="seconds"),
        }
        for t in accounts.list_tokens(database(), username)
    ]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(rows, "No tokens.")


def _user_row(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "name": user.name,
        "roles": [r.value for r in user.roles],
        "clearance": user.clearance.value,
        "groups": user.groups,
        "person": user.person,
        "active": user.active,
        "locked": user.locked,
    }


def _print_user(user: User) -> None:
    row = _user_row(user)
    out.print(", ".join(f"{k}: {cell(v)}" for k, v in row.items()), highlight=False)
