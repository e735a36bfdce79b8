"""`python -m eventcoder` runs the command line."""

from .cli import main

main()
