"""An export as an HTTP answer: streamed as it is read, with its type and file name."""

from __future__ import annotations

from enum import StrEnum

from fastapi.responses import StreamingResponse

from glienicke.services import exports


class Sheet(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def streamed(found: exports.Export, fmt: Sheet) -> StreamingResponse:
    """The export's bytes as they are written, a download named for the list and the day."""
    return StreamingResponse(
        found.chunks(fmt.value),
        media_type=exports.MEDIA_TYPES[fmt.value],
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename(fmt.value)}"',
            "Cache-Control": "no-store",
        },
    )
