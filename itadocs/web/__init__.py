"""`itadocs serve`: the web page for coordinators and divisions, over the library API.

    serve.py     bind, print the address, open the browser, run uvicorn until Ctrl+C
    app.py       the Starlette application: routes and middleware
    settings.py  how one server runs (workspace, cookie key, hosts, network or not)
    views/       the handlers, one module per page: home, login, project, uploads, builds,
                 division; views/base.py renders pages and reads checked forms
    auth.py      who may act on what: a project's coordinator, a division by its link
    errors.py    every refusal as a Thai page, never a traceback
    security.py  passcodes, link tokens, CSRF tokens, login throttle, security headers
    jobs.py      warm worker processes, one lock per project, builds with progress
    projects.py  the workspace's project folders and each project's web settings
    texts.py     every text of the page as a two-language Message
    templates/, static/   the pages, their CSS and JS: shipped in the package, no CDN

Nothing is imported here: the CLI imports `itadocs.web.serve` only inside `itadocs serve`,
so `itadocs --help` does not pay for Starlette.
"""
