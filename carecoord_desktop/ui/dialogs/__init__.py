"""Stand-alone dialogs: about, crash, change password, recovery sheet."""
