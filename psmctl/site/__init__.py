"""`psmctl site`: the plan's public transparency site, static files built from the plan tree.

urls (where every page lives), views (each edition as the documents' context,
plus URLs), groups (zone, SDG, PNRR, AMSvS views), history (lineage and badges
from the diff engine), progress (the monitoring core's roll-ups as page rows),
chapters (Markdown through Pandoc), pages (the page list), build (render,
assets, sitemap, swap), downloads (documents, open data, zip), search
(Pagefind), serve (local preview).
"""
