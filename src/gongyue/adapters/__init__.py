"""The adapters layer for MkDocs (docs/dev/architecture.md: text, record, procedure, publish, adapters).

The core below never imports MkDocs; import-linter keeps it so. Here, only the
modules that must speak MkDocs' own types import it: ``plugin`` (the hooks),
``options`` (its settings, and MkDocs' own reading of mkdocs.yml, lent to the
command-line tool), ``files`` (what MkDocs is handed, and the small nav) and
``frames`` (asks MkDocs for the theme's frame). ``making`` (the pages made beside
MkDocs) and ``preview`` (the docs view of a preview) do not import it.
"""
