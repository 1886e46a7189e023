"""pytest's set-up for the whole repository.

nbval's run of each notebook is the one execution of it in a test run, with the
checks of tests/_nbval_single_run.py around it.
"""

pytest_plugins = ["_nbval_single_run"]
