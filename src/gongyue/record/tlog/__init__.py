"""The record as a transparency log (issue 24): the pieces that need no site.

``merkle.py`` is the Merkle tree of RFC 9162 §2.1 (hashing, inclusion and
consistency proofs and their verification); ``tiles.py`` lays the tree out as
the static files of C2SP tlog-tiles and reads it back from them; ``note.py``
writes and checks the checkpoint, a C2SP signed note; ``entries.py`` is what
the log records (the record's events, in a closed format) and the rule that it
only grows. The format is specified in docs/guide/log.md. The site does not
use the log yet: building it with the site, checking it before a publish,
``gongyue monitor``, the verify page and the sheets come on top of these.
"""
