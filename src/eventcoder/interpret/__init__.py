"""Interpret: what an annotated, resolved article says. Three stages, in this order:
time expressions (`time`), statements and their source chains (`attribution`), and PLOVER
events (`events`), which read the first two."""
