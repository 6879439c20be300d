"""The MkDocs adapter: the only package that imports MkDocs (import-linter keeps it so).

``plugin`` is the plugin's hooks; ``options`` its settings and MkDocs' own
reading of mkdocs.yml (lent to the command-line tool); ``files`` what MkDocs
is handed and its small nav; ``frames`` asks MkDocs for the theme's frame.
"""
