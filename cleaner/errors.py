"""Exception types of the cleaner: one base, one per kind of failure."""


class CleanerError(Exception):
    """Base of every error the cleaner raises on purpose."""


class InputError(CleanerError, ValueError):
    """The input cannot be cleaned: binary, undecodable, too large, wrong type."""


class RuleError(CleanerError):
    """A rule file or rule directory is broken; the message names file and line."""


class RuleWarning(UserWarning):
    """A rule file loads but says something twice: a section opened again, two entries
    that fold to the same phrase. The message names file and line."""


class UsageError(CleanerError, ValueError):
    """The command or call asks for something the cleaner refuses: options that are wrong
    together, an output folder inside an input folder; the message is one sentence."""


class RunError(CleanerError):
    """A corpus run stopped before its end for a cause outside its documents: every
    document failing the same way (a missing dependency), a shard that kept killing
    its worker. The message says why; the finished shards stay."""
