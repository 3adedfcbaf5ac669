import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Yaml, parseYamlDocuments, readYamlDocuments } from './yaml-files';

/** A Kubernetes object as a manifest declares it. */
export interface Manifest extends Yaml {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
}

interface Patch {
  path?: string;
  patch?: string;
  target?: Target;
}

interface Image {
  name: string;
  newName?: string;
  newTag?: string;
}

const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'patches',
  'images',
  'namespace',
]);

/**
 * What `kustomize build <directory>` renders, for the part of kustomize the manifests in k8s/
 * use: resources (files and directories), components, patches (strategic merge, including
 * `$patch: delete`, and JSON 6902), images and namespace. Anything else throws, so a manifest
 * cannot rely on a feature this check would silently ignore; so does a path that does not exist
 * and a patch that matches nothing or points at a missing field. `read` collects every file
 * the build reads.
 */
export function kustomizeBuild(directory: string, read = new Set<string>()): Manifest[] {
  const kustomization = readKustomization(directory, 'Kustomization', read);
  return render(directory, kustomization, read);
}

function readKustomization(
  directory: string,
  kind: 'Kustomization' | 'Component',
  read: Set<string>,
): Yaml {
  const file = join(directory, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${directory} has no kustomization.yaml`);
  read.add(file);
  const [kustomization] = readYamlDocuments(file);
  if (!kustomization || kustomization['kind'] !== kind) {
    throw new Error(`${file} is not a ${kind}`);
  }
  for (const field of Object.keys(kustomization)) {
    if (!KNOWN_FIELDS.has(field)) throw new Error(`${file}: "${field}" is not checked here`);
  }
  return kustomization;
}

function render(directory: string, kustomization: Yaml, read: Set<string>): Manifest[] {
  let manifests: Manifest[] = [];
  for (const entry of list<string>(kustomization['resources'])) {
    const path = existing(directory, entry, read);
    manifests.push(
      ...(statSync(path).isDirectory() ? kustomizeBuild(path, read) : readManifests(path)),
    );
  }
  for (const entry of list<string>(kustomization['components'])) {
    const path = existing(directory, entry, read);
    const component = readKustomization(path, 'Component', read);
    manifests.push(...render(path, { ...component, patches: [], images: [] }, read));
    manifests = applyPatches(path, list<Patch>(component['patches']), manifests, read);
    manifests = setImages(list<Image>(component['images']), manifests);
  }
  manifests = applyPatches(directory, list<Patch>(kustomization['patches']), manifests, read);
  manifests = setImages(list<Image>(kustomization['images']), manifests);
  const namespace = kustomization['namespace'];
  if (typeof namespace === 'string') {
    manifests = manifests.map((manifest) => ({
      ...manifest,
      metadata: { ...manifest.metadata, namespace },
    }));
  }
  return manifests;
}

function readManifests(file: string): Manifest[] {
  return readYamlDocuments(file).map((document) => {
    const name = (document['metadata'] as Yaml | undefined)?.['name'];
    if (typeof document['kind'] !== 'string' || typeof name !== 'string') {
      throw new Error(`${file}: a document without kind or metadata.name`);
    }
    return document as Manifest;
  });
}

function existing(directory: string, entry: string, read: Set<string>): string {
  const path = resolve(directory, entry);
  if (!existsSync(path)) {
    throw new Error(
      `${join(directory, 'kustomization.yaml')} names ${entry}, which does not exist`,
    );
  }
  read.add(path);
  return path;
}

function list<T>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value as T[];
}

function applyPatches(
  directory: string,
  patches: Patch[],
  manifests: Manifest[],
  read: Set<string>,
): Manifest[] {
  let result = manifests;
  for (const patch of patches) {
    const source = patch.path
      ? parseYamlDocuments(readFileSync(existing(directory, patch.path, read), 'utf8'), patch.path)
      : parseYamlDocuments(patch.patch ?? '', `a patch in ${directory}`);
    const [body] = source;
    if (source.length !== 1 || body === null || typeof body !== 'object') {
      throw new Error(`${directory}: a patch must hold one document`);
    }
    result = Array.isArray(body)
      ? applyJsonPatch(body as JsonOperation[], requireTarget(directory, patch), result)
      : applyStrategicMerge(body as Yaml, patch.target, result);
  }
  return result;
}

function requireTarget(directory: string, patch: Patch): Target {
  if (!patch.target) throw new Error(`${directory}: a JSON 6902 patch needs a target`);
  return patch.target;
}

function matches(target: Target, manifest: Manifest): boolean {
  const [group, version] = manifest.apiVersion.includes('/')
    ? manifest.apiVersion.split('/')
    : ['', manifest.apiVersion];
  return (
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.kind === undefined || target.kind === manifest.kind) &&
    (target.name === undefined || new RegExp(`^(?:${target.name})$`).test(manifest.metadata.name))
  );
}

function selected(target: Target, manifests: Manifest[]): Manifest[] {
  const found = manifests.filter((manifest) => matches(target, manifest));
  if (found.length === 0) throw new Error(`no resource matches ${JSON.stringify(target)}`);
  return found;
}

interface JsonOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

function applyJsonPatch(
  operations: JsonOperation[],
  target: Target,
  manifests: Manifest[],
): Manifest[] {
  const chosen = new Set(selected(target, manifests));
  return manifests.map((manifest) => {
    if (!chosen.has(manifest)) return manifest;
    const copy = structuredClone(manifest);
    for (const operation of operations) applyOperation(copy, operation);
    return copy;
  });
}

function applyOperation(document: Manifest, operation: JsonOperation): void {
  const steps = operation.path
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = steps.pop();
  if (last === undefined) throw new Error(`patch path "${operation.path}" is empty`);
  let parent: unknown = document;
  for (const step of steps) {
    parent = (parent as Record<string, unknown> | undefined)?.[step];
    if (parent === null || typeof parent !== 'object') {
      throw new Error(`patch path ${operation.path} is missing in ${document.metadata.name}`);
    }
  }
  const container = parent as Record<string, unknown>;
  const present = Array.isArray(container) ? Number(last) < container.length : last in container;
  switch (operation.op) {
    case 'add':
      if (Array.isArray(container) && last === '-') container.push(operation.value);
      else if (Array.isArray(container)) container.splice(Number(last), 0, operation.value);
      else container[last] = operation.value;
      return;
    case 'replace':
    case 'remove':
      if (!present) {
        throw new Error(`patch path ${operation.path} is missing in ${document.metadata.name}`);
      }
      if (operation.op === 'replace') container[last] = operation.value;
      else if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
      return;
    default:
      throw new Error(
        `patch operation ${String((operation as { op: unknown }).op)} is not checked`,
      );
  }
}

function applyStrategicMerge(
  patch: Yaml,
  target: Target | undefined,
  manifests: Manifest[],
): Manifest[] {
  const chosen = new Set(
    selected(
      target ?? {
        kind: patch['kind'] as string,
        name: (patch['metadata'] as Yaml | undefined)?.['name'] as string,
      },
      manifests,
    ),
  );
  if (patch['$patch'] === 'delete') return manifests.filter((manifest) => !chosen.has(manifest));
  if (patch['$patch'] !== undefined) {
    throw new Error(`$patch: ${JSON.stringify(patch['$patch'])} is not checked`);
  }
  return manifests.map((manifest) =>
    chosen.has(manifest)
      ? (merge(manifest, { ...patch, metadata: { ...(patch['metadata'] as Yaml) } }) as Manifest)
      : manifest,
  );
}

/** Strategic merge, enough for these manifests: maps merge, lists of named maps merge by name. */
function merge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (items: unknown[]): items is Yaml[] =>
      items.every((item) => isMap(item) && typeof item['name'] === 'string');
    const before: unknown[] = base;
    const after: unknown[] = patch;
    if (!named(before) || !named(after)) return patch;
    const merged = before.map((item): unknown => {
      const update = after.find((other) => other['name'] === item['name']);
      return update === undefined ? item : merge(item, update);
    });
    const added = after.filter((other) => !before.some((item) => item['name'] === other['name']));
    return [...merged, ...added];
  }
  if (isMap(base) && isMap(patch)) {
    const merged: Yaml = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'metadata' && isMap(value) && isMap(base[key])) {
        // The patch's name only selects its target; it never renames it.
        merged[key] = merge(base[key], { ...value, name: base[key]['name'] });
      } else if (value === null) delete merged[key];
      else merged[key] = key in base ? merge(base[key], value) : value;
    }
    return merged;
  }
  return patch;
}

function isMap(value: unknown): value is Yaml {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function setImages(images: Image[], manifests: Manifest[]): Manifest[] {
  if (images.length === 0) return manifests;
  return manifests.map((manifest) => {
    const template = (manifest['spec'] as Yaml | undefined)?.['template'] as Yaml | undefined;
    const list = (template?.['spec'] as Yaml | undefined)?.['containers'];
    if (!Array.isArray(list)) return manifest;
    const copy = structuredClone(manifest);
    const copied = ((copy['spec'] as Yaml)['template'] as Yaml)['spec'] as Yaml;
    copied['containers'] = (list as Yaml[]).map((container) => {
      const image = String(container['image']);
      const name = image.replace(/[:@].*$/, '');
      const rule = images.find((candidate) => candidate.name === name);
      if (!rule) return container;
      const tag = rule.newTag ?? (image.includes(':') ? image.slice(image.indexOf(':') + 1) : '');
      return { ...container, image: `${rule.newName ?? name}${tag ? `:${tag}` : ''}` };
    });
    return copy;
  });
}
