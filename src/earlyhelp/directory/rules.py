"""Who may keep the service directory current (its editors and administrators), and who
may see where provision is missing (the people who plan and commission services)."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_analyst, is_directory_editor, is_manager

rules.add_perm("directory.edit_services", is_directory_editor | is_administrator)
rules.add_perm("directory.view_gaps", is_analyst | is_manager | is_administrator)
