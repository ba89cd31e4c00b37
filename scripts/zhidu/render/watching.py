"""`make serve` sees a saved file at once: MkDocs polls the folders it watches every half second;
where the system reports changes itself (inotify on Linux), the server listens to that instead."""
from __future__ import annotations

import logging

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.zhidu")


# Writes, not reads: the build itself opens the YAML files, and a read must not start another build.
WRITES = [FileModifiedEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class WritesObserver(Observer):
    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or WRITES,
                                follow_symlink=follow_symlink)


def listen_for_changes(server) -> None:
    """Move every watch of MkDocs' live-reload server (before it starts) to the native observer.
    Leaves the server as it is where there is no native observer or MkDocs' internals differ."""
    watched = getattr(server, "_watched_paths", None)
    if Observer is PollingObserver or not isinstance(watched, dict) or server.observer.is_alive():
        return
    paths = [path for path, count in watched.items() for _ in range(count)]
    if not paths or not _native_works(paths[0]):
        return
    for path in paths:
        server.unwatch(path)
    server.observer = WritesObserver()
    for path in paths:
        server.watch(path)
    log.debug("native file watching: %s", ", ".join(sorted(set(paths))))


def _native_works(path: str) -> bool:
    """Whether the system lets this process listen (inotify has per-user limits that editors and
    other watchers may have used up); when it does not, MkDocs' polling stays."""
    probe = WritesObserver()
    try:
        probe.schedule(FileSystemEventHandler(), path)
        probe.start()
    except OSError as error:
        log.debug("native file watching unavailable (%s): polling", error)
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return True
