"""``gongyue``, the committee's command line: the commands (``commands.py``) and click made
to speak Chinese (``chinese.py``)."""

from gongyue.cli.commands import gongyue, main

__all__ = ["gongyue", "main"]
