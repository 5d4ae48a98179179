"""What happened to invoices. Sent by invoicing.services inside the transaction that made the
change; messaging, the service board, the portal and others listen."""

from django.dispatch import Signal

# invoice, entry — a draft was made from a ready work order
invoice_created = Signal()
# invoice, revision (InvoiceRevision), entry — the customer is asked to authorise it
invoice_submitted = Signal()
# invoice, entry — it became final and has its number (directly, by authorisation, or a credit note)
invoice_finalised = Signal()
# invoice, authorisation (Authorisation), entry — the customer authorised it (it is final now)
invoice_authorised = Signal()
# invoice, message (DisputeMessage), entry — the customer disputed it (back to staff)
invoice_disputed = Signal()
# invoice, message (DisputeMessage), entry — staff answered in the dispute thread
invoice_dispute_reply = Signal()
# invoice, entry — staff took it back to draft to revise it
invoice_revised = Signal()
# credit_note, invoice (the one it corrects), entry
credit_note_issued = Signal()
# invoice, entry, by (Actor) — staff asked for the final document to be sent to the customer
invoice_sent = Signal()
