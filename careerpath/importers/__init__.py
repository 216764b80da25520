"""Importers of public taxonomies (ESCO, O*NET) into careerpath catalogs; Qt-free.

Each importer reads files and returns a validated :class:`ImportedCatalog` (a Catalog of skills and roles,
with notes on what it skipped); the caller merges it into the store with ``Store.import_catalog`` in one
transaction. A bad file raises ``CatalogError`` naming the file, the row and the field, and nothing is returned.
"""

from careerpath.importers.common import ImportCancelled, ImportedCatalog, ImportNote
from careerpath.importers.esco import import_esco
from careerpath.importers.onet import import_onet

__all__ = ["ImportCancelled", "ImportNote", "ImportedCatalog", "import_esco", "import_onet"]
