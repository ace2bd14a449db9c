"""``lod`` and ``python -m lod``: the command line, imported only when the command runs.

multiprocessing's forkserver imports the script that started the server again in every process
it starts (``spawn.prepare``: the main module, under the name ``__mp_main__``). Were the ``lod``
script's module the command line itself, every query worker would load Flask, rdflib and
pySHACL for nothing: about 30 MiB and 0.4 s per worker.
"""

from __future__ import annotations


def main() -> None:
    from lod.cli import main as command_line

    command_line()


if __name__ == "__main__":
    main()
