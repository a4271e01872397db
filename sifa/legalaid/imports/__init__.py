"""The legal-aid imports (数据导入): the roster (providers, handlers), the case book and the
consultation log, declared on the import kit and listed in line.py (docs/legalaid.md)."""
