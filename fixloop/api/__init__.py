"""The REST API under /api/v1/ (Django Ninja) and the signed webhooks that tell shop software what happened."""
