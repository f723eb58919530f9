"""The page's handlers, one module per page or group of pages (as datasette's views/).

`base` holds what every handler uses: the page renderer, the checked form, the project of
the URL and its status.  Who may see what is `..auth`'s; the error page is `..errors`'.
"""
