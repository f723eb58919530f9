"""`itadocs serve`: the web page for coordinators and divisions, over the library API.

    serve.py     settings, bind, print the address, open the browser, run uvicorn until stopped
    guard.py     connections bounded per client and in time, below the application (uvicorn's protocol)
    app.py       the Starlette application: routes, middleware, lifespan
    settings.py  how one server runs, from a file, the environment or the command line
    clients.py   the real client (trusted proxies), the Host allow-list, requests per client, public links
    sessions.py  sessions kept on the server, the cookie an id only
    auth.py      who may act on what: administrators, coordinators by passcode, divisions by link
    accounts.py  the administrators of a workspace
    audit.py     the audit trail: who did what, when, from where, one file a day
    views/       the handlers, one module per page: home, login (and account), admin, project,
                 uploads, builds, division; views/base.py renders pages and reads checked forms
    errors.py    every refusal as a Thai page, never a traceback
    security.py  passcodes and their strength, link tokens, CSRF, the guess throttle, security headers
    workers.py   warm worker processes in lanes, one call each, stopped when a call overruns
    jobs.py      builds with progress, one project at a time; converter.py: the office worker
                 (one kept LibreOffice: builds with PDFs, then previews)
    housekeeping.py  kept builds pruned, leftovers swept, old audit days and sessions removed
    projects.py  the workspace's project folders and each project's web settings
    texts.py, access_texts.py   every text of the page as a two-language Message
    templates/, static/   the pages, their CSS and JS: shipped in the package, no CDN

Nothing is imported here: the CLI imports `itadocs.web.serve` only inside `itadocs serve`,
so `itadocs --help` does not pay for Starlette.
"""
