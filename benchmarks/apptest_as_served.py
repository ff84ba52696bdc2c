"""Streamlit's AppTest, closer to a served page: one compiled copy of each page script.

AppTest gives every run a new, empty script cache, so each run reads, rewrites (Streamlit's
"magic") and compiles the app and its page again: 0.1-0.25 s a run that a server, which keeps
one cache for all its sessions and reruns, pays once. The page tests (tests/conftest.py) and the
page benchmark (benchmarks/pages.py, whose "cold" run is what a user waits for) share one cache
per process instead, keyed by the file's path, size and modification time (an edited page is
compiled afresh) and by whether magic is on.
"""

from __future__ import annotations

import os


def share_compiled_scripts() -> None:
    """Patch Streamlit's ScriptCache so that every AppTest run in this process shares one
    compiled copy of each script (idempotent; nothing when Streamlit has no such cache)."""
    try:
        from streamlit import config
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    except ImportError:  # another streamlit: nothing to share
        return
    compile_once = ScriptCache.get_bytecode
    if getattr(compile_once, "shared_by_the_tests", False):
        return
    compiled: dict[tuple, object] = {}

    def get_bytecode(self, script_path: str):
        path = os.path.abspath(script_path)
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns, config.get_option("runner.magicEnabled"))
        if key not in compiled:
            compiled[key] = compile_once(self, script_path)
        return compiled[key]

    get_bytecode.shared_by_the_tests = True
    ScriptCache.get_bytecode = get_bytecode
