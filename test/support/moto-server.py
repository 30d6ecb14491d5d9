# moto_server, as `moto_server -H HOST -p PORT` starts it, with these additions for the tests:
#
# - To route a request, moto lists its own package folder from disk (os.listdir and an isdir of
#   each of ~190 entries), twice per request: about 2 ms of CPU each time. That listing cannot
#   change while the server runs, so it is read once. Likewise the action names of a response
#   class (inspect.getmembers on every request), and the request id is drawn in one call instead
#   of one per character. Likewise which backend serves a host name (moto matches it against the
#   URL patterns of every service) and the snake_case name of an action. Apart from CreateService
#   below, everything the API answers is moto's own.
# - Flask runs without debug mode, which made classes on every request. An error moto raises is
#   still logged with its traceback (Flask logs it), and the 500 answer carries the traceback as
#   text, where debug mode answered a page without it.
# - No access log: werkzeug's line per request costs CPU and nobody reads it (errors still log).
# - Connections stay open between requests (keep-alive, see below), where werkzeug closed each
#   after one answer: an SDK client's requests then share one connection and one server thread.
# - CreateService keeps a capacityProviderStrategy, as ECS does (DescribeServices then answers the
#   strategy and no launchType); moto 5.2.1 drops it and records launchType EC2. UpdateService's
#   strategy moto keeps itself.
# - POST /batchflow/save-state and /batchflow/restore-state keep and bring back the whole state of
#   every backend (see below): the fault tests start each fault from their scenario's starting state.
# - The server ends when the test worker that started it is gone, even when that worker was
#   killed and could not stop it, and then removes the folder of its log (BATCHFLOW_MOTO_LOG_DIR):
#   a worker that ends seldom runs its own exit handlers.
import copy
import functools
import io
import json
import logging
import os
import selectors
import shutil
import string
import sys
import threading
import time
import traceback

import moto.backends
import moto.core.responses
import moto.ecs.responses
import moto.moto_server.werkzeug_app
import werkzeug.serving
from moto.core.base_backend import BackendDict, backend_lock
from moto.core.model_instances import reset_model_data
from moto.moto_api._internal.moto_random import MotoRandom
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _modules

moto.core.responses.method_names_from_class = functools.cache(moto.core.responses.method_names_from_class)
moto.core.responses.camelcase_to_underscores = functools.cache(moto.core.responses.camelcase_to_underscores)

# Which backend serves a host name (moto tries the URL pattern of every service in turn).
_backend_for_host = DomainDispatcherApplication.get_backend_for_host
_backends_by_host: dict = {}


def _cached_backend_for_host(self, host):
    if host not in _backends_by_host:
        _backends_by_host[host] = _backend_for_host(self, host)
    return _backends_by_host[host]


DomainDispatcherApplication.get_backend_for_host = _cached_backend_for_host

_create_backend_app = moto.moto_server.werkzeug_app.create_backend_app


def _internal_error(error):
    cause = error.original_exception or error
    return "".join(traceback.format_exception(cause)), 500, {"Content-Type": "text/plain"}


def _create_backend_app_without_debug(service):
    app = _create_backend_app(service)
    app.debug = False
    app.register_error_handler(500, _internal_error)
    return app


moto.moto_server.werkzeug_app.create_backend_app = _create_backend_app_without_debug
werkzeug.serving.WSGIRequestHandler.log_request = lambda self, code="-", size="-": None

# Keep-alive: werkzeug answers every request with "Connection: close" (and then reads the socket
# until the client has closed it), so each request of an SDK client costs a new connection and a
# new thread. Here a request's body is read whole before moto sees it (moto gets it as the same
# bytes), which leaves the connection at the start of the client's next request: the answer then
# keeps the connection open unless the client asked to close it. A chunked request body (whose
# end only the app reading it finds) still closes the connection, as before.
_handler = werkzeug.serving.WSGIRequestHandler
_make_environ = _handler.make_environ
_send_header = _handler.send_header
_keeping = threading.local()


def _make_environ_with_body(self):
    environ = _make_environ(self)
    _keeping.connection = False
    if not environ.get("wsgi.input_terminated"):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return environ
        environ["wsgi.input"] = io.BytesIO(self.rfile.read(length) if length > 0 else b"")
        _keeping.connection = True
    return environ


def _send_header_keeping_connection(self, keyword, value):
    if keyword == "Connection" and value == "close" and _keeping.connection and not self.close_connection:
        return
    _send_header(self, keyword, value)


class _NoDrain:
    # What werkzeug's read-until-closed after an answer gets on a kept connection: reading there
    # would take the client's next request.
    def register(self, *args):
        pass

    def select(self, timeout=None):
        return []

    def close(self):
        pass


class _Selectors:
    EVENT_READ = selectors.EVENT_READ

    @staticmethod
    def DefaultSelector():
        return _NoDrain() if getattr(_keeping, "connection", False) else selectors.DefaultSelector()


_run_wsgi = _handler.run_wsgi


def _run_wsgi_then_forget(self):
    # An error answer outside a request werkzeug has read (a bad request line) closes as before.
    try:
        _run_wsgi(self)
    finally:
        _keeping.connection = False


_handler.make_environ = _make_environ_with_body
_handler.run_wsgi = _run_wsgi_then_forget
_handler.send_header = _send_header_keeping_connection
# An answer goes out as two writes (head, body): without TCP_NODELAY the body waits for the
# client's delayed acknowledgement of the head on a kept connection.
_handler.disable_nagle_algorithm = True
werkzeug.serving.selectors = _Selectors


def _random_string(self, length=20, include_digits=True, lower_case=False):
    pool = string.ascii_letters + (string.digits if include_digits else "")
    random_str = "".join(self.choices(pool, k=length))
    return random_str.lower() if lower_case else random_str


MotoRandom.get_random_string = _random_string

_create_service = moto.ecs.responses.EC2ContainerServiceResponse.create_service


def _create_service_with_strategy(self):
    result = _create_service(self)
    strategy = self._get_param("capacityProviderStrategy")
    if strategy:
        cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
        service = self.ecs_backend.services[f"{cluster.name}:{self._get_param('serviceName')}"]
        service.capacity_provider_strategy = strategy
        service.launch_type = None
        for deployment in service.deployments:
            deployment.pop("launchType", None)
    return result


moto.ecs.responses.EC2ContainerServiceResponse.create_service = _create_service_with_strategy

# POST /batchflow/save-state keeps a deep copy of every backend in use (every service, account and
# region that /moto-api/reset would reset); POST /batchflow/restore-state drops every backend and
# puts a fresh deep copy of the kept ones in their place: the state that the reset and the requests
# that built the kept state gave, with the same ids and ARNs, and counters (a task definition's next
# revision) that are part of it. The fault tests (support/fault-injection.ts) start each fault from
# their scenario's starting state this way instead of deploying it again, and check the first
# restored state against the set-up one. One deepcopy for all backends keeps references between
# them (a model of one service held by another) shared as they were. The BackendDicts themselves
# are each service's module-level registry, which requests look backends up in: they are kept and
# refilled, never copied. A backend with a member deepcopy cannot copy (a lock) makes the request
# fail with the error, and so the test: none of the services the deploy uses has one.
BackendDict.__deepcopy__ = lambda self, memo: self
_saved: tuple[list, list] | None = None


def _save_state() -> None:
    global _saved
    with backend_lock:
        instances = list(dict.fromkeys(BackendDict._instances))
        _saved = (instances, copy.deepcopy([dict(backends) for backends in instances]))


def _restore_state() -> None:
    if _saved is None:
        raise RuntimeError("no saved state")
    instances, contents = _saved
    with backend_lock:
        fresh = copy.deepcopy(contents)
        for backends in BackendDict._instances:
            backends.clear()
        BackendDict._instances[:] = instances
        for backends, accounts in zip(instances, fresh):
            backends.update(accounts)
        reset_model_data()


_batchflow_endpoints = {"/batchflow/save-state": _save_state, "/batchflow/restore-state": _restore_state}
_dispatch = DomainDispatcherApplication.__call__


def _dispatch_with_state(self, environ, start_response):
    handler = _batchflow_endpoints.get(environ.get("PATH_INFO", ""))
    if handler is None or environ.get("REQUEST_METHOD") != "POST":
        return _dispatch(self, environ, start_response)
    try:
        handler()
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails
        logging.exception("batchflow state endpoint failed")
        body = json.dumps({"error": repr(error)}).encode()
        start_response("500 Internal Server Error", [("Content-Type", "application/json")])
        return [body]
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b"{}"]


DomainDispatcherApplication.__call__ = _dispatch_with_state

logging.getLogger("werkzeug").setLevel(logging.ERROR)

_parent = os.getppid()


def _end_with_parent() -> None:
    while os.getppid() == _parent:
        time.sleep(0.5)
    log_dir = os.environ.get("BATCHFLOW_MOTO_LOG_DIR")
    if log_dir:
        shutil.rmtree(log_dir, ignore_errors=True)
    os._exit(0)


threading.Thread(target=_end_with_parent, daemon=True).start()

from moto.server import main  # noqa: E402

sys.exit(main())
