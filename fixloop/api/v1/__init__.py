"""Version 1 of the REST API (docs/api.md): `api.py` builds the NinjaAPI and registers one router
per resource group; shared modules: auth (tokens, scopes, rate limit), problems (errors),
pagination, idempotency."""
