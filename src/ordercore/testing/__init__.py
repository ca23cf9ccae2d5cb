"""ordercore's exported test kit: hypothesis strategies, the contract kit, stateful machines.

Importing it needs the ``testing`` extra (hypothesis, pytest): ``pip install ordercore[testing]``.
"""
