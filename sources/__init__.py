"""Sources: the user's own address book (CardDAV), calendar (CalDAV) and mailbox (IMAP),
read on a schedule so contacts and touches follow them without exporting anything."""
