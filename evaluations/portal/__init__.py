"""The sponsor portal: what a sponsor company's users see of the schools it funds (and staff, in preview).

Every read goes through the scoping functions as the company's reader (`reader.SponsorReader`), so a
sponsor's user and a staff member previewing that company see exactly the same thing; the figures are the
dashboards' own (`evaluations.dashboard.figures`), narrowed by the sponsor filter as the company's
monitoring report is. Aggregates only: no person's name, DNI or phone, nothing about a child, no
coordinator's notes; of photos, only those staff approved for sponsors.
"""
