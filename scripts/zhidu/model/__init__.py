"""The typed, linked records, and the checklists and scores made from them."""
