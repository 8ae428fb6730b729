"""`psmctl site`: the plan's public transparency site, static files built from the plan tree.

urls (where every page lives), views (what each page shows, as plain dicts),
history (lineage and changes from the diff engine), pages (the page list),
build (render, assets, sitemap, search, swap), downloads, search, serve.
"""
