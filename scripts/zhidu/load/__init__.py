"""Reading the registry's files: YAML with positions, only regular files inside the project."""
