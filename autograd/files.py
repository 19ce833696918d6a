"""Writing files so that a failure never leaves a half-written one, nor replaces what is not
a file of ours.

``write_atomically(path, data)`` writes a temporary file beside the target and renames it
over the target: either the whole new file appears or the old one stays untouched. It
writes only regular files: a symlink is followed to the file it names, and a FIFO, a
device or a folder at ``path`` is refused rather than replaced, and so is a file made
read-only; a file that is replaced keeps its permissions. Temporary files are named
``.NAME.gradtable-PID-XXXX.tmp``; one that a killed process left behind is removed by the
next save to the same target.
"""

import errno
import glob
import os
import re
import stat
import tempfile

_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.gradtable-(?P<pid>\d+)-[^.]+\.tmp$")


class NotAFileError(OSError):
    """The path names something other than a regular file (a FIFO, a device, a folder)."""


def write_atomically(path, data):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` via a temporary file and a rename.

    A new file gets the usual permissions (0666 less the umask), not mkstemp's private
    0600; a replaced one keeps its own. Returns ``path`` as a string. An OSError names
    ``path``, never the temporary file.
    """
    given = os.fspath(path)
    mode = check_writable(given)
    target = os.path.realpath(given)  # a symlink is written through, not replaced
    directory, name = os.path.split(target)
    _remove_stale_temporaries(directory, name)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{name}.gradtable-{os.getpid()}-", suffix=".tmp"
        )
    except OSError as error:
        raise _naming(error, given) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())  # the data is on disk before the rename makes it visible
        os.chmod(temporary, 0o666 & ~_umask() if mode is None else mode)
        os.replace(temporary, target)
    except BaseException as error:
        if os.path.exists(temporary):
            os.remove(temporary)
        if isinstance(error, OSError):
            raise _naming(error, given) from None
        raise
    return given


def check_writable(path):
    """The permission bits of the regular file at ``path`` (through a symlink), or None for
    a new name. NotAFileError for anything else, PermissionError for a read-only file."""
    path = os.fspath(path)
    try:
        mode = os.stat(path).st_mode  # follows a symlink to what it names
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _naming(error, path) from None
    except ValueError:  # os.stat refuses a NUL in a name
        raise ValueError(
            f"{path!r} is not a usable file name: it holds the character NUL"
        ) from None
    if stat.S_ISDIR(mode):
        raise NotAFileError(errno.EISDIR, "it is a folder, not a file", path)
    if not stat.S_ISREG(mode):
        reason = "it is not a regular file (a FIFO or a device?); choose another name"
        raise NotAFileError(errno.EINVAL, reason, path)
    if not mode & stat.S_IWUSR:  # a rename would replace it all the same: refuse, as an editor does
        reason = "the file is read-only; make it writable (chmod u+w) or choose another name"
        raise PermissionError(errno.EACCES, reason, path)
    return stat.S_IMODE(mode)


def _remove_stale_temporaries(directory, name):
    """Remove the temporary files of saves to ``name`` whose process no longer runs."""
    pattern = os.path.join(glob.escape(directory), glob.escape(f".{name}.gradtable-") + "*.tmp")
    for temporary in glob.glob(pattern):
        match = _TEMPORARY.match(os.path.basename(temporary))
        if match and match["name"] == name and not _running(int(match["pid"])):
            try:
                os.remove(temporary)
            except OSError:
                pass  # another save got there first, or we may not: the save goes on


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _naming(error, path):
    """The same OSError, about ``path`` (the target), with its plain reason."""
    return type(error)(error.errno, error.strerror or str(error), path)


def _umask():
    mask = os.umask(0)  # the only portable way to read the umask is to set it
    os.umask(mask)
    return mask
