"""Glienicke: case management and negotiation support for bringing home nationals held abroad."""

__version__ = "0.1.0"
