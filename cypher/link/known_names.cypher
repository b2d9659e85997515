// name: known_names
// summary: Link context of a run: the supports (entity uid|surface) of the stored documents outside the run, so a new document recognises the project names an earlier run found. Parsed by the caller: FalkorDB 4.16 crashes on substring() of a value unwound from a list property and filtered.
// param: exclude: list — file names of the run's documents (their stored versions are being replaced)
MATCH (d:Document)
WHERE d.complete = true AND NOT d.file IN $exclude
RETURN d.file AS file, d.supports AS supports
ORDER BY file
