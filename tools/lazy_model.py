"""A model that loads once, on first use or on `load()`, and runs one call at a time."""

import threading
from abc import ABC, abstractmethod


class LazyModel(ABC):
    """Subclasses load in `_load` and run their calls while holding `_lock`."""

    def __init__(self) -> None:
        # One call at a time: the runtime already uses every core, and models are not re-entrant.
        self._lock = threading.Lock()
        self._loaded = False

    @abstractmethod
    def _load(self) -> None:
        """Load the model; raise ConfigurationError with the fix when it cannot be loaded."""

    def load(self) -> None:
        """Load the model now (it is otherwise loaded on first use).

        Raises:
            ConfigurationError: the model does not exist or does not load.
        """
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True
