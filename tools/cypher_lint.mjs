#!/usr/bin/env node
// Lint every Cypher file of the project with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support: lintCypherQuery). Usage:
//
//   node tools/cypher_lint.mjs [--json] [FILE_OR_DIR ...]     (default: cypher/, recursively)
//
// The schema handed to the linter is our graph model (graph/model.py, via tools/schema.json) plus the built-in Cypher 5
// functions and procedures of the package's testData.mockSchema. Parameters are those the file's
// header declares (`// param: name: type ...`; a `name` parameter p also brings p_key, p_keys and p_grams;
// int parameters skip and limit bring reach, their sum: graph/queries.py bind),
// so a query using an undeclared parameter is an error. Exit code 1 when any file has an error.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

// Labels, relationship types and property keys of the graph model: tools/schema.json, written by
// tools/gen_cypher.py from graph/model.py and graph/schema.py PROPERTY_KEYS (plus the writer's row keys).
const MODEL = JSON.parse(readFileSync(new URL('./schema.json', import.meta.url), 'utf8'));
const LABELS = MODEL.labels;
const TYPES = MODEL.relationshipTypes;
const PROPERTY_KEYS = MODEL.propertyKeys;
const SAMPLE = { str: 'x', name: 'x', int: 1, float: 1.0, bool: true, list: ['x'], map: { x: 1 } };

function files(paths) {
  const out = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) out.push(...files([join(p, entry)]));
    } else if (p.endsWith('.cypher')) {
      out.push(p);
    }
  }
  return out;
}

function declaredParameters(text) {
  const params = {};
  const types = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*\/\/\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z]+)/);
    if (!m) continue;
    const [, name, type] = m;
    params[name] = SAMPLE[type] ?? 'x';
    types[name] = type;
    if (type === 'name') {
      params[`${name}_key`] = 'x';
      params[`${name}_keys`] = ['x'];
      params[`${name}_grams`] = ['x'];
    }
  }
  if (types.skip === 'int' && types.limit === 'int') params.reach = 2;
  return params;
}

function severityName(s) {
  return s === 1 ? 'error' : s === 2 ? 'warning' : s === 3 ? 'info' : 'hint';
}

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const targets = args.filter((a) => !a.startsWith('--'));
const report = [];
let errors = 0;
for (const file of files(targets.length ? targets : ['cypher'])) {
  const text = readFileSync(file, 'utf8');
  const schema = {
    ...testData.mockSchema,
    labels: LABELS,
    relationshipTypes: TYPES,
    propertyKeys: PROPERTY_KEYS,
    parameters: declaredParameters(text),
  };
  const { diagnostics } = lintCypherQuery(text, schema);
  for (const d of diagnostics) {
    const severity = severityName(d.severity);
    if (severity === 'error') errors += 1;
    report.push({
      file: relative(process.cwd(), file),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity,
      message: d.message,
    });
  }
}
if (asJson) {
  console.log(JSON.stringify({ errors, diagnostics: report }, null, 1));
} else {
  for (const r of report) console.log(`${r.file}:${r.line}:${r.column}: ${r.severity}: ${r.message}`);
  console.log(`${errors} error(s), ${report.length - errors} other diagnostic(s)`);
}
process.exit(errors ? 1 : 0);
