"""Who may keep the service directory current: its editors and administrators."""

import rules

from earlyhelp.accounts.rules import is_administrator, is_directory_editor

rules.add_perm("directory.edit_services", is_directory_editor | is_administrator)
