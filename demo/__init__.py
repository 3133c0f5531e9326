"""Demo data for cee: `manage.py seed_demo` builds it with `build.build_demo`.

Everything is invented except the geography (INEI codes of real regions, provinces and districts) and
the national reference figures used to calibrate the assessment results.
"""
