"""A contract type for import-linter (`make lint`): an app's views are its own.

    [[tool.importlinter.contracts]]
    type = "own_views"
    views = ["praxis.*.views", "praxis.*.views_*"]

Each module matched (a views package counts with its submodules) may be imported only by modules of its own app
(`praxis.<app>`): another app reaches a page through its URL name, never through its view function."""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.domain import helpers


class OwnViewsContract(Contract):
    type_name = "own_views"

    views = fields.ListField(subfield=fields.ModuleExpressionField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        links: list[dict[str, Any]] = []
        expressions: Any = self.views
        for expression in expressions:
            for module in helpers.module_expression_to_modules(graph=graph, expression=expression, as_packages=False):
                app = ".".join(module.name.split(".")[:2])
                for importer in sorted(graph.find_modules_that_directly_import(module.name, as_package=True)):
                    if importer == app or importer.startswith(app + "."):
                        continue
                    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                        if imported == module.name or imported.startswith(module.name + "."):
                            details = graph.get_import_details(importer=importer, imported=imported)
                            links.append({"importer": importer, "imported": imported,
                                          "lines": ", ".join(str(d["line_number"]) for d in details)})
        return ContractCheck(kept=not links, metadata={"links": links})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Views imported from another app (link to the page by its URL name instead):", bold=False)
        output.new_line()
        for link in check.metadata["links"]:
            output.print_error(f"- {link['importer']} -> {link['imported']} (l.{link['lines']})", bold=False)
        output.new_line()
