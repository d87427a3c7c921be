"""Who may use the coder's pages."""

import rules

from earlyhelp.accounts.rules import (
    is_administrator,
    is_analyst,
    is_front_door_officer,
    is_manager,
)

rules.add_perm("coding.review_codes", is_analyst)
rules.add_perm("coding.view_agreement", is_analyst | is_manager | is_administrator)
rules.add_perm("coding.view_flags", is_front_door_officer | is_manager)
