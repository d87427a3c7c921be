"""earlyhelp: one shared record and one pathway for a council's Early Help service."""
