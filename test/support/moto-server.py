# moto_server, as `moto_server -H HOST -p PORT` starts it, with two additions for the tests:
#
# - To route a request, moto lists its own package folder from disk (os.listdir and an isdir of
#   each of ~190 entries), twice per request: about 2 ms of CPU each time. That listing cannot
#   change while the server runs, so it is read once. Everything the API answers is moto's own.
# - The server ends when the test worker that started it is gone, even when that worker was
#   killed and could not stop it.
import os
import sys
import threading
import time

import moto.backends

_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _modules

_parent = os.getppid()


def _end_with_parent() -> None:
    while os.getppid() == _parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=_end_with_parent, daemon=True).start()

from moto.server import main  # noqa: E402

sys.exit(main())
