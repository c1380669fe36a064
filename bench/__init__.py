"""`make bench`: the load harness of Praxis (not part of the application; mounted only when PRAXIS_BENCH=1)."""
