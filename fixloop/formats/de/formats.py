# The one date and one date-time shape of German pages, e-mails and PDFs (docs/architecture.md):
# 06.12.2026 and 06.12.2026 20:59. Django's named formats all point at them.
DATE_FORMAT = SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
