"""Who may use the front door. Which requests a user may read is in selectors.py."""

import rules

from earlyhelp.accounts.rules import is_front_door_officer, is_staff_member

rules.add_perm("frontdoor.make_request", is_staff_member)
rules.add_perm("frontdoor.decide_requests", is_front_door_officer)
