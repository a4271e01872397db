"""Every write of the mediation line, one module per subject; import from the submodules."""
