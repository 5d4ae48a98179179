from pathlib import Path

import pytest

from fixloop.repairs.models import Attachment, NumberSequence, ServiceRequest, TimelineEntry, WorkOrder


@pytest.fixture
def snapshot(media_root):
    """snapshot() -> what is stored now: row counts, the work orders' and requests' state and the files
    under this test's MEDIA_ROOT. Compare one taken before a refused operation with one taken after."""

    def take() -> dict:
        root = Path(media_root)
        files = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
        return {
            "work_orders": list(
                WorkOrder.objects.order_by("pk").values_list(
                    "pk",
                    "number",
                    "status_id",
                    "closed_at",
                    "technician_id",
                    "promised_date",
                    "problem_description",
                )
            ),
            "timeline": TimelineEntry.objects.count(),
            "attachments": Attachment.objects.count(),
            "service_requests": list(
                ServiceRequest.objects.order_by("pk").values_list(
                    "pk", "state", "work_order_id", "rejection_reason", "decided_at"
                )
            ),
            "sequences": list(NumberSequence.objects.order_by("prefix").values_list("prefix", "last_value")),
            "files": files,
        }

    return take
