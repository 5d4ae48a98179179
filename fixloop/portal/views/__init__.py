"""The customer pages, one module per feature: tracking (track & trace and its embeddable twins),
estimates (one estimate behind its approval link), approvals (an account's batch approval page),
estimate_pages (the one-estimate page both of those show), and the signed-in portal: home,
invitation, account (the sign-in pages)."""
