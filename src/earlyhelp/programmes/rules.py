"""Who may use the parenting programme catalogue and workforce training.

Which enrolments a user may see, and whose family they name, is in selectors.py.
"""

import rules

from earlyhelp.accounts.rules import (
    is_administrator,
    is_family_support_worker,
    is_manager,
    is_staff_member,
    is_targeted_support_officer,
)

rules.add_perm("programmes.view_programmes", is_staff_member)
# The catalogue itself: which programmes the authority commissions.
rules.add_perm("programmes.manage_programmes", is_manager | is_administrator)
# Running courses: adding them, taking the register, completing and withdrawing places.
# Places name families, and administrators see no family (decision 0003): they keep the
# catalogue, not the courses.
rules.add_perm(
    "programmes.manage_courses",
    is_family_support_worker | is_targeted_support_officer | is_manager,
)
# Training for professionals is delivered by the Targeted Support Officers.
rules.add_perm(
    "programmes.view_training", is_targeted_support_officer | is_manager | is_administrator
)
rules.add_perm(
    "programmes.manage_training", is_targeted_support_officer | is_manager | is_administrator
)
