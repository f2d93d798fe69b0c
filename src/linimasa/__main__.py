"""``python -m linimasa`` and the ``linimasa`` script.

SIGINT / SIGTERM are handled (:mod:`linimasa.interrupt`) before the command line's imports,
which take most of a second: a Ctrl-C then prints one line, never a traceback. Guarded by
``__name__``: a worker process started with ``spawn`` may run this file again as
``__mp_main__``, and must not start a command of its own.
"""


from linimasa.interrupt import install, run_command


def main() -> None:
    install()

    def command() -> None:
        from linimasa.cli import app  # (after install(): the command line's imports take most of a second)

        app()

    run_command(command)


if __name__ == "__main__":
    main()
