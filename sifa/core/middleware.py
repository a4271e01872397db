"""Input every page shares: the query string and the path.

`RefuseControlCharactersMiddleware` answers 400 with a Chinese message when the URL — the
search box (`?q=`), any list filter, any parameter a view reads from `request.GET` — carries
a control character (NUL first of all, which PostgreSQL refuses in text: before this, a NUL in
the search box was a server error). One check in front of every view, instead of one per
filter form: the forms of the lines, the audit and API pages and the views that read
`request.GET` directly are all covered, and a new list cannot forget it.

Posted forms need no such check: Django's form fields refuse NUL themselves (with a message
under the field), and the API's serializers likewise.
"""

from django.http import JsonResponse
from django.shortcuts import render

from sifa.core.validation import control_characters_message, has_control_characters

API_PREFIX = "/api/"


def query_has_control_characters(request) -> bool:
    # The API answers a malformed number in its path with its own JSON 404 (tested there).
    if not request.path_info.startswith(API_PREFIX) and has_control_characters(request.path_info):
        return True
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in request.GET.lists()
    )


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if query_has_control_characters(request):
            message = control_characters_message()
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"error": message}, status=400)  # the API's error shape
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
