"""gongyue (公约): publish the rules residents make for themselves, with their history."""

__version__ = "0.1.0"
