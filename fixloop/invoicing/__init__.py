"""Invoices and credit notes: drafts from ready work orders, gapless numbering per year and location,
and the customer's authorisation before an invoice becomes final."""
