"""The back-office views, one module per feature; what they share is in shared.py."""
