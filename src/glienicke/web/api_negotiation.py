"""JSON API routes for negotiation: proposals' clearance, assessment, drafts, commitments."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.security import HTTPBearer

# Included before the record routes, whose catch-all /{kind}/{key} would otherwise take
# one- and two-segment paths such as /commitments.
negotiation_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])
