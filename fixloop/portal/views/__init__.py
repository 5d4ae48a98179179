"""The customer pages, one module per feature: tracking (track & trace and its embeddable twins),
estimates (one estimate behind its approval link), approvals (an account's batch approval page),
estimate_pages and batch_pages (the one-estimate and batch pages those and the signed-in portal
show), and the signed-in portal: home, repairs (with repair_rows, the rows its lists share),
signed_in_estimates, units, details (the person's name and contact details), invitation, account
(the sign-in pages)."""
