"""URLs of the mediation line: one module per subject, all under the "mediation" namespace."""

from importlib import import_module

app_name = "mediation"

SUBJECTS = ["cases", "committees", "screening", "centre"]

urlpatterns = []
for _subject in SUBJECTS:
    try:
        urlpatterns += import_module(f"{__name__}.{_subject}").urlpatterns
    except ModuleNotFoundError as error:  # a subject still being written (temporary)
        if error.name != f"{__name__}.{_subject}":
            raise
