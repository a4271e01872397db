"""Every read of the mediation line for views, API and portal; import from the submodules."""
