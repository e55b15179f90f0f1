"""The web edge: the JSON API (and, later, the HTML pages)."""
