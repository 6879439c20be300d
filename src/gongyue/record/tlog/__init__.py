"""The record as a transparency log (issue 24): the pieces that need no site.

``merkle.py`` is the Merkle tree of RFC 9162 §2.1 (hashing, inclusion and
consistency proofs and their verification); ``tiles.py`` lays the tree out as
the static files of C2SP tlog-tiles and reads it back from them; ``note.py``
writes and checks the checkpoint, a C2SP signed note. What goes into the log
(the record's events) and the site's use of it come on top of these.
"""
