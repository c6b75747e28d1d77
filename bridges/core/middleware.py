from django.http import HttpRequest, HttpResponse

from .storage import log_storage_problem, storage_problem, storage_unavailable_response


class StorageUnavailableMiddleware:
    """Answers 503 with a friendly page, instead of 500, when a view fails because the database
    cannot write: a full disk, a read-only database or file system, or a disk I/O error
    (SQLite), or a read-only transaction or full disk (PostgreSQL).

    It keeps no state: the next request tries the database again, so the site recovers by
    itself once space is freed. Failures raised outside views (a middleware saving the session)
    reach the same page through handler500 (`bridges.core.storage.server_error`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        problem = storage_problem(exception)
        if problem is None:
            return None
        log_storage_problem(request, problem, exception)
        return storage_unavailable_response(request)
