"""Start 联动监督问题清单管理系统 from its installed folder (the target of the installer's shortcuts).

Shortcuts run it with pythonw.exe (no console window); for a check from a console run
``Python\\python.exe launch.pyw --demo --smoke`` in the install folder.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pkgs"))

from main import main  # noqa: E402  (after the path is set)

sys.exit(main())
