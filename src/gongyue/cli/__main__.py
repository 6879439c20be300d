"""``python -m gongyue.cli``, as the tests run the command line in parallel."""

from gongyue.cli.commands import main

main()
