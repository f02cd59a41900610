"""Engines besides pandas. :mod:`lectureanalysis.engines.dask` registers the Dask implementations of the
statistics (and the Dask loader and segmenter) with the functions they serve when it is imported; nothing
imports it by an import statement (see :mod:`lectureanalysis.dispatch`).
"""
