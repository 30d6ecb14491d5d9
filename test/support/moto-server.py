# moto_server, as `moto_server -H HOST -p PORT` starts it, with these additions for the tests:
#
# - To route a request, moto lists its own package folder from disk (os.listdir and an isdir of
#   each of ~190 entries), twice per request: about 2 ms of CPU each time. That listing cannot
#   change while the server runs, so it is read once. Likewise the action names of a response
#   class (inspect.getmembers on every request), and the request id is drawn in one call instead
#   of one per character. Apart from CreateService below, everything the API answers is moto's own.
# - No access log: werkzeug's line per request costs CPU and nobody reads it (errors still log).
# - CreateService keeps a capacityProviderStrategy, as ECS does (DescribeServices then answers the
#   strategy and no launchType); moto 5.2.1 drops it and records launchType EC2. UpdateService's
#   strategy moto keeps itself.
# - The server ends when the test worker that started it is gone, even when that worker was
#   killed and could not stop it, and then removes the folder of its log (BATCHFLOW_MOTO_LOG_DIR):
#   a worker that ends seldom runs its own exit handlers.
import functools
import logging
import os
import shutil
import string
import sys
import threading
import time

import moto.backends
import moto.core.responses
import moto.ecs.responses
from moto.moto_api._internal.moto_random import MotoRandom

_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _modules

moto.core.responses.method_names_from_class = functools.cache(moto.core.responses.method_names_from_class)


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
