"""The only place the API's own rows change: integration tokens (tokens.py) and the stored answers
of idempotent creates (idempotency.py)."""
