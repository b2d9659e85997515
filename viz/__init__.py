"""viz: pyvis pages over the graph — neighbourhoods, project histories, search — working offline.

* :mod:`viz.pages` renders pages from plain records (:mod:`viz.model`);
* :mod:`viz.queries` fills the records from a store, through ``GraphStore.run_named`` only;
* :mod:`viz.routes` serves the pages (``router``, mounted at ``/viz``); ``policykg viz`` writes one;
* :mod:`viz.browser` drives headless Chromium for the browser tests.
"""
