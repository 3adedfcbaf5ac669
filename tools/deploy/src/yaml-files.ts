import { readFileSync } from 'node:fs';
import { parseAllDocuments, parseDocument } from 'yaml';

/** A parsed YAML value: what a manifest or a compose file holds. */
export type Yaml = Record<string, unknown>;

/**
 * Every document of a YAML file, as plain values; empty documents are left out. A syntax error
 * (or a duplicate key) throws, naming the file.
 */
export function readYamlDocuments(file: string): Yaml[] {
  return parseYamlDocuments(readFileSync(file, 'utf8'), file).map((value) => {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${file}: a document is not a mapping`);
    }
    return value as Yaml;
  });
}

/** Every non-empty document of YAML text, whatever its shape; `source` names it in errors. */
export function parseYamlDocuments(text: string, source: string): unknown[] {
  const documents = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(documents)) return [];
  return documents.flatMap((document) => {
    const [error] = document.errors;
    if (error) throw new Error(`${source}: ${error.message}`);
    const value: unknown = document.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

/** A YAML file of one document, with `<<` merge keys resolved (as docker compose reads it). */
export function readYaml(file: string): Yaml {
  const document = parseDocument(readFileSync(file, 'utf8'), { merge: true });
  const [error] = document.errors;
  if (error) throw new Error(`${file}: ${error.message}`);
  return document.toJS() as Yaml;
}

/** The value at `path` (keys of nested mappings), or undefined when a step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
