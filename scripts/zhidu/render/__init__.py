"""Pages: Jinja2 templates, the theme override, search, and the MkDocs plugin that builds the site."""
