"""The forms customers fill in, one module per feature: tracking (track & trace), estimates (one
estimate's decision and dispute notes, an account's batch approval), invitation (portal access), and
the signed-in portal's repairs (list filters), units (adding one) and details (name, contact details);
shared.py holds what several of them use."""
