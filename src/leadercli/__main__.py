"""`python -m leadercli`."""

from leadercli.cli import main

main()
