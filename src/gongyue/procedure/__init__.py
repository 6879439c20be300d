"""The procedure layer: meeting rules, checks, the lock, safe writing and the committee workflow. Built on the record."""
