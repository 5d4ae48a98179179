# The one date and one date-time shape of English pages, e-mails and PDFs (docs/architecture.md):
# 06 Dec 2026 and 06 Dec 2026 20:59. Django's named formats all point at them, so `|date:"DATE_FORMAT"`,
# `"SHORT_DATE_FORMAT"` and core/formats.py write the same text.
DATE_FORMAT = SHORT_DATE_FORMAT = "d M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "d M Y H:i"
TIME_FORMAT = "H:i"
