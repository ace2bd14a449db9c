"""Spreadsheet sources: CSV files a city's team fills in, mapped to the same model as Turtle.

:mod:`lod.sheets.schema` names every file and column (the source of docs/spreadsheets.md),
:mod:`lod.sheets.values` reads one cell, :mod:`lod.sheets.read` one file, and
:mod:`lod.sheets.mapping` turns the rows of all files into triples, remembering each resource's
row so that a SHACL finding can name it.
"""
