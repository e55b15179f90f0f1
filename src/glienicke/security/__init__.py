"""Security: who may see and do what, and the audit trail of what was done."""
