"""Who may use the Family Support Line and FSW interventions. Which calls and interventions
a user may read is in selectors.py; an intervention follows its family's rule."""

import rules

from earlyhelp.accounts.rules import (
    is_analyst,
    is_family_support_worker,
    is_front_door_officer,
    is_manager,
)

rules.add_perm("support.take_calls", is_family_support_worker | is_front_door_officer)
rules.add_perm(
    "support.view_calls",
    is_family_support_worker | is_front_door_officer | is_manager | is_analyst,
)
rules.add_perm(
    "support.allocate_interventions", is_family_support_worker | is_front_door_officer | is_manager
)
rules.add_perm("support.view_caseloads", is_manager)
