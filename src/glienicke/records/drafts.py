"""Drafting letters, telegrams and memoranda from templates: pure rendering, no database.

A template is Jinja2 text (`config/drafts/<kind>.txt.j2`); a deployment's own folder
(GLIENICKE_DRAFTS_TEMPLATES) is searched first, so a template there replaces the built-in one of
the same name. Templates get a plain context (dicts, lists, strings: see the services' drafting
module for its fields) and run in Jinja2's sandbox with strict undefined values, so a template
can read only what it is given, and a mistake in one (a misspelt field, a broken tag) is a
message naming the template's file and line instead of a traceback.

A template may set its document's title at its top level (`{% set title = ... %}`); without one
the title is the draft kind's label and the proposal's title.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateNotFound
from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from glienicke.domain.documents import DocumentKind
from glienicke.domain.errors import ValidationFailed

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "config" / "drafts"


class DraftKind(StrEnum):
    CONCURRENCE_LETTER = "concurrence-letter"
    EMBASSY_TELEGRAM = "embassy-telegram"
    PRINCIPAL_MEMO = "principal-memo"

    @property
    def document_kind(self) -> DocumentKind:
        return {
            DraftKind.CONCURRENCE_LETTER: DocumentKind.LETTER,
            DraftKind.EMBASSY_TELEGRAM: DocumentKind.TELEGRAM,
            DraftKind.PRINCIPAL_MEMO: DocumentKind.MEMORANDUM,
        }[self]

    @property
    def label(self) -> str:
        return {
            DraftKind.CONCURRENCE_LETTER: "Letter asking concurrence",
            DraftKind.EMBASSY_TELEGRAM: "Telegram of instructions",
            DraftKind.PRINCIPAL_MEMO: "Memorandum",
        }[self]

    @property
    def template_name(self) -> str:
        return f"{self.value}.txt.j2"


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    template: str  # the file it was rendered from


def template_folders(deployment: Path | None) -> list[Path]:
    """Where templates are looked up, the deployment's folder first."""
    if deployment is None:
        return [BUILTIN_TEMPLATES]
    if not deployment.is_dir():
        raise ValidationFailed.single(
            "GLIENICKE_DRAFTS_TEMPLATES",
            "the drafts templates folder it names does not exist; create it or unset it",
        )
    return [deployment, BUILTIN_TEMPLATES]


def _environment(folders: list[Path]) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_draft(
    kind: DraftKind, context: dict[str, Any], *, deployment: Path | None = None
) -> Rendered:
    """The draft's title and body from its template and a plain context."""
    environment = _environment(template_folders(deployment))
    name = kind.template_name
    try:
        template = environment.get_template(name)
    except TemplateNotFound:
        where = "the deployment's templates or the built-in ones" if deployment else "built-in"
        raise ValidationFailed.single(name, f"no template {name} ({where})") from None
    except JinjaSyntaxError as error:
        where = f"{_file_name(error.filename, name)}:{error.lineno}"
        raise ValidationFailed.single(where, f"template error: {error.message}") from None
    shown = _file_name(template.filename, name)
    try:
        module = template.make_module(context)
        body = str(module)
        title = getattr(module, "title", None)
    except Exception as error:  # a deployment's template may fail in any way: say where
        line = _template_line(template, error.__traceback__)
        where = f"{shown}:{line}" if line else shown
        message = _describe(error)
        for folder in template_folders(deployment):
            message = message.replace(f"{folder}{os.sep}", "").replace(str(folder), "")
        raise ValidationFailed.single(where, f"template error: {message}") from None
    if title is None:
        title = f"{kind.label}: {context.get('proposal', {}).get('title', '')}".rstrip(": ")
    if not isinstance(title, str) or not title.strip():
        raise ValidationFailed.single(shown, "template error: its title is empty")
    return Rendered(title=" ".join(title.split()), body=_tidy(body), template=shown)


def _file_name(filename: str | None, name: str) -> str:
    """A template's file name: where it lies on the server is no part of a record or message."""
    return Path(filename).name if filename else name


def draft_marking(classification: str) -> str:
    """The line that marks a draft wherever it is shown or printed: DRAFT and its level."""
    return f"DRAFT \N{EM DASH} {classification.replace('-', ' ').upper()}"


def _template_line(template: Template, trace: TracebackType | None) -> int | None:
    """The template's line where rendering failed: the last frame of its compiled code."""
    found = None
    while trace is not None:
        if template.filename and trace.tb_frame.f_code.co_filename == template.filename:
            found = trace.tb_lineno
        trace = trace.tb_next
    return None if found is None else template.get_corresponding_lineno(found)


def _describe(error: Exception) -> str:
    message = str(error) or type(error).__name__
    if "has no attribute" in message or "is undefined" in message:
        return f"{message} (the context has no such field)"
    return message


def _tidy(body: str) -> str:
    """No blank lines at either end, one newline at the end, no trailing spaces."""
    lines = [line.rstrip() for line in body.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
