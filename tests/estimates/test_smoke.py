from fixloop.estimates.models import Estimate, RequiredWork

from .conftest import decide_all


def test_approving_every_job_makes_them_work_required(sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, "approved")
    sent_estimate.refresh_from_db()
    assert sent_estimate.state == Estimate.State.APPROVED
    assert sorted(RequiredWork.objects.values_list("description", flat=True)) == [
        "Clean the fan",
        "Replace the display",
    ]
    content = sent_estimate.current_version.content
    assert content["total"] == {"net": "465.00", "vat": "85.35", "gross": "550.35"}
