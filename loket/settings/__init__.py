"""Settings variants: base (shared), dev (make run), test (pytest), prod (deployment)."""
