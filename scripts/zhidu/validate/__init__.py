"""Checking the loaded files: JSON Schemas, then the rules that span files."""
