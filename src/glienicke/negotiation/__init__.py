"""Negotiation engines: the balance sheet, clearance plans and their state machine, commitments
and the counterpart's reliability. Pure: nothing here touches the database, the web or the CLI."""
