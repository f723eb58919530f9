"""Oracles: tests that hold an optimisation to the plain way it replaced (docxtpl's own render,
python-docx's merge, XPath, openpyxl, pythainlp).  They guard a speed-up, not a behaviour, so
each module says when it goes: once the speed-up has held for a season, or when the plain way
changes.  They run with the rest of the suite.
"""
