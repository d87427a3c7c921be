"""Who may see timescales beyond their own work."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_analyst, is_manager

# Per team and district: managers for the teams and districts they manage, the
# Monitoring Team (analysts) for every team of the authority.
rules.add_perm("oversight.view_team_work", is_manager | is_analyst)
# Counts over the whole authority (numbers only, no records), as the reports show.
rules.add_perm("oversight.view_authority_counts", is_manager | is_analyst | is_administrator)
# The Monitoring Team's pages: data quality checks (records listed through the access
# rules), caseloads and the Lead Professionals list (staff names and numbers).
rules.add_perm("oversight.view_monitoring", is_manager | is_analyst | is_administrator)
# The authority's timescales, in the admin site (the row is made on first use, never
# added or deleted by hand).
rules.add_perm("oversight.change_timescales", is_administrator)
