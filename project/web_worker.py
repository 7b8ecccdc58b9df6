"""Gunicorn's sync worker, woken alone for a new connection.

Gunicorn's sync workers all wait with select() on the one listening socket, so every
connection wakes every worker and all but one go back to sleep empty-handed: at 100
requests a second on two workers that costs ~0.7 ms of CPU per request, a sixth of
serving the Today list (bench/limits.md, part 3). Waiting with epoll and EPOLLEXCLUSIVE
(Linux 4.5 and later) the kernel wakes one waiting worker per connection. Anywhere else
this is gunicorn's own worker.
"""

import errno
import os
import select
from typing import Any

from gunicorn.workers.sync import StopWaiting
from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

EXCLUSIVE = getattr(select, "EPOLLEXCLUSIVE", None)


class SyncWorker(GunicornSyncWorker):
    _poller: Any = None
    _by_fd: dict[int, Any]

    def _wait_list(self) -> Any:
        """This process's epoll over the listening sockets and the wake-up pipe."""
        if self._poller is None:
            assert EXCLUSIVE is not None  # wait() falls back to gunicorn's without it
            poller = select.epoll()
            self._by_fd = {}
            for waitable in self.wait_fds:
                fd = waitable if isinstance(waitable, int) else waitable.fileno()
                flags = select.EPOLLIN
                if waitable is not self.PIPE[0]:
                    flags |= EXCLUSIVE  # one worker woken per connection
                poller.register(fd, flags)
                self._by_fd[fd] = waitable
            self._poller = poller
        return self._poller

    def wait(self, timeout: float) -> Any:
        if EXCLUSIVE is None:
            return super().wait(timeout)
        try:
            self.notify()
            events = self._wait_list().poll(timeout)
        except OSError as error:
            # As gunicorn's own wait().
            if error.errno == errno.EINTR:
                return self.sockets
            if error.errno == errno.EBADF:
                if self.nr < 0:
                    return self.sockets
                raise StopWaiting from None
            raise
        ready = [self._by_fd[fd] for fd, _mask in events]
        if self.PIPE[0] in ready:
            os.read(self.PIPE[0], 1)
        return ready or None
