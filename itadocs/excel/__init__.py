"""Excel at the edge: the only package that touches openpyxl.

`forms` writes the blank workbooks, `read` reads the returned ones into raw records,
`annotate` writes the marked copies sent back to divisions, `merged` the merged workbook.
"""
