"""Word at the edge: the only package that touches docxtpl and python-docx (as `excel/` is for
openpyxl and python-calamine).

    render.py        fill a template with a document's context (docxtpl), then finish it;
                     keeps templates read, parsed and compiled for the next build
    finish.py        the passes after rendering: merged cells, chart, rows kept whole, the
                     signature kept with its content, hyperlinks, dates kept together, Thai digits
    layout.py        estimates of row heights and line widths that decide those passes
    metrics.py       how wide text is in TH SarabunPSK, how many lines it takes
    oxml.py          the only module reaching into python-docx's private XML, by named helpers
    docxtpl_fast.py  docxtpl's DocxTemplate without its quadratic step, checked against docxtpl
    chart.py         the native Word chart of the indicator scores
    draft.py         a draft marked on every page, with the rows left out listed at its end
    templates.py     copying, checking and documenting templates
    pdf.py           PDF through LibreOffice
"""
