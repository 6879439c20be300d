"""The publishing layer: page models, templates, feeds, open data, statistics, search, PDFs, the renderer and its helpers, export. Engine-free."""
