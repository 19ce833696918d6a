"""Writing files so that a failure never leaves a half-written one behind."""

import os
import tempfile


def write_atomically(path, data):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` via a temporary file and a rename.

    Either the whole new file appears or the old one stays untouched. The file gets the
    usual permissions (0666 less the umask), not mkstemp's private 0600.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())  # the data is on disk before the rename makes it visible
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path


def _umask():
    mask = os.umask(0)  # the only portable way to read the umask is to set it
    os.umask(mask)
    return mask
