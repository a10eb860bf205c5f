"""The output folder of a batch (policydiff.batch.store): atomic writes, stamps, and the
documents a run keeps signed."""

from __future__ import annotations


def test_a_kept_document_is_loaded_only_when_this_run_signed_it(tmp_path) -> None:
    """The output folder may be shared: a pickle there that this run did not sign (planted,
    or left by another run) is never loaded, and a damaged one is read again from the input."""
    import pickle

    from policydiff.batch.store import load_document, save_document

    path = tmp_path / ".documents" / "x.pickle"
    save_document(path, ("outline", ()), "run-key")
    assert load_document(path, "run-key") == ("outline", ())
    assert load_document(path, "other-run") is None
    path.write_bytes(pickle.dumps(("planted", ())))
    assert load_document(path, "run-key") is None
    save_document(path, ("outline", ()), "run-key")
    path.write_bytes(path.read_bytes()[:-3])
    assert load_document(path, "run-key") is None
    assert load_document(tmp_path / "missing.pickle", "run-key") is None


def test_writers_of_one_file_at_once_never_fail(tmp_path) -> None:
    """Two tasks may keep the same input at once (the threads of a Dask worker): each writes
    its own temporary file, the last rename wins, and the file is whole and readable by others."""
    import os
    import threading

    from policydiff.batch.store import write_atomic

    target, failures = tmp_path / "x.bin", []

    def write(byte: int) -> None:
        try:
            for _ in range(100):
                write_atomic(target, bytes([byte]) * 4096)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(set(target.read_bytes())) == 1 and [p.name for p in tmp_path.iterdir()] == ["x.bin"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~umask  # as a plain open() makes it, not 0600
