"""The staff dashboards' reads: the period and filters of a page (`filters`), the part of the country it
looks at (`scope`), its figures (`figures`, from the summary tables), the map's points (`geo`) and the
attention list (`attention`). Views render them; the monitoring reports (next issue) reuse them, so a
figure is computed in one place.
"""
