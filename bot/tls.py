"""One TLS context for every outgoing connection (Flireo, Slack's Web API, response_urls).

Each context loads the CA bundle, which took 20-100 ms of CPU a time on the bench machine (issue 22): start-up
built four for Flireo's two clients, and every response_url post built one of its own. Built once, in the
background while the process starts (`warm_in_background`), and shared: an SSLContext is safe across threads.
"""

from __future__ import annotations

import ssl
import threading

_lock = threading.Lock()
_context: ssl.SSLContext | None = None


def tls_context() -> ssl.SSLContext:
    """The process's verifying TLS context (certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR as httpx reads them)."""
    global _context
    with _lock:  # a second caller waits for the first one's load instead of loading the bundle again
        if _context is None:
            import httpx  # here: the console never needs it before its first question

            _context = httpx.create_ssl_context()
        return _context


def warm_in_background() -> threading.Thread:
    """Build the context on a thread of its own (loading the bundle releases the GIL) while start-up goes on."""
    thread = threading.Thread(target=tls_context, name="tls-warm", daemon=True)
    thread.start()
    return thread
