"""The exit codes of every `zhidu` command (DESIGN.md): done, the registry or the input is invalid,
the command was used wrongly or could not read or write."""
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
