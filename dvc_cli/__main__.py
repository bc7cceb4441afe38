"""Allow ``python -m dvc_cli``."""

from dvc_cli.cli import main

if __name__ == "__main__":
    main()
