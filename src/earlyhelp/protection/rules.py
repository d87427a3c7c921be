"""Who may export a person's records and see the retention report."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_manager

# A subject access export: managers (of the family's team or district) and the
# authority's administrators (its data protection officers work through them); which
# person is decided by protection.access.get_person_for_subject_access.
rules.add_perm("protection.export_subject_access", is_manager | is_administrator)
# The retention rule's dry-run report (ids and dates only), and the rule in the admin site.
rules.add_perm("protection.view_retention", is_administrator)
rules.add_perm("protection.change_retention_rule", is_administrator)
