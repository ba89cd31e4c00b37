"""Checklist files: CSV, XLSX and PDF, each from the same rows."""
