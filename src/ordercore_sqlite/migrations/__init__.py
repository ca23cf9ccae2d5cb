"""The versioned schema of ``ordercore_sqlite``: ``NNNN_name.sql`` files, applied by ``migrate``."""
