"""The record layer: sources, schema, the site model, statuses, fingerprints, errata, loading. Built on the text layer."""
