"""What happens to customer accounts, announced for those who listen (messaging sends the e-mails).

Each signal is sent inside the transaction of the change; receivers that write (messages) take part in
it, so a rolled-back change sends nothing.
"""

from django.dispatch import Signal

# invitation, token (the secret part of the link, known only now), by
portal_invitation_created = Signal()
# membership, by
portal_access_revoked = Signal()
# change (a ContactChange: the customer's e-mail or mobile changed by the customer), token (the secret
# of the "this wasn't me" link, known only now), by
contact_change_recorded = Signal()
