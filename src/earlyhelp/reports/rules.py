"""Who may see the reports: figures for a whole authority, never a family's record."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_analyst, is_manager

rules.add_perm("reports.view_reports", is_analyst | is_manager | is_administrator)
