"""Outgoing webhooks (docs/webhooks.md): events written when they happen, delivered signed through
the outbox. events.py names them, payloads.py defines their JSON, signing.py keeps the secrets and
signs, services.py changes endpoints and publishes events, transport.py sends, listeners.py hears
the domain signals."""
