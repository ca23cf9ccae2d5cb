"""The versioned schema of ``ordercore_postgres``: ``NNNN_name.sql`` files (see ``migrate``)."""
