# moto_server, as `moto_server -H HOST -p PORT` starts it, with one change: to route a request,
# moto lists its own package folder from disk (os.listdir and an isdir of each of ~190 entries),
# twice per request, about 2 ms of CPU each time. That listing cannot change while the server
# runs, so it is read once here; everything the API answers is moto's own.
import sys

import moto.backends

_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _modules

from moto.server import main  # noqa: E402

sys.exit(main())
