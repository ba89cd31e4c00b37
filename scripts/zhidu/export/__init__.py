"""Files made from the model for people and programs: checklists (CSV, XLSX, PDF), the JSON API,
the catalogue workbook and the compendium."""
