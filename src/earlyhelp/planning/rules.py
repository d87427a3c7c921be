"""Who may see planning: figures for areas and districts, never a family's record."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_analyst, is_manager

rules.add_perm("planning.view_planning", is_analyst | is_manager | is_administrator)
