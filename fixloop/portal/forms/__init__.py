"""The forms customers fill in, one module per feature: tracking (track & trace), estimates (one
estimate's decision and dispute notes, an account's batch approval), invitation (portal access)."""
