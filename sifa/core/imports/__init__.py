"""The import framework (数据导入): a line declares an import once (`spec.ImportSpec`: its
columns, natural key, and the resolve/apply steps through its actions) in `Line.imports`; the
kit reads .xlsx/.xls/.csv files, checks every cell, previews what would be created, updated or
left unchanged with every error, applies all rows in one transaction or none, keeps each batch
with what it changed, and rolls a batch back while nothing depends on it. docs/imports.md.

Modules: `cells` (reading one cell), `spec` (the declaration), `files` (opening uploads),
`plan` (a file read), `engine` (validate, apply), `templates` (the .xlsx template), `batches`
(preview, confirm, roll back, the historic mark), `registry` (the lines' imports, access).
"""
