"""Performance benchmark of OCOP Flow (run `python bench/run.py --help`)."""
